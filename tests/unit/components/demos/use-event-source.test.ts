/**
 * The demos' stream core without a browser: `diagnose` (why a stream would
 * not open) against real HTTP servers through Node's fetch, and the wire
 * text the demos rebuild from the events `EventSource` hands the page.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect } from 'vitest';
import { parseEventStream } from '../../../../src/lib/sse/parser.ts';
import { diagnose, rebuildWire, type LogEntry } from '../../../../src/components/demos/use-event-source.ts';
import { freePort } from '../../../helpers/ports.ts';
import { it } from '../../../helpers/server-fixtures.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

/** A one-handler server on a free loopback port, closed by `using`. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('diagnose: why a stream would not open', () => {
  it("reports the endpoint's plain-text 400 as refused, with the path without its query", async ({ startApi }) => {
    const api = await startApi();
    const url = api.url('/api/sse/clock?n=abc');
    expect(await diagnose(url)).toEqual({ kind: 'refused', url: url.split('?')[0], status: 400, retryAfter: null });
  });

  it("reports the endpoint's 503 at its stream cap as refused, with Retry-After in seconds", async ({ startApi }) => {
    const api = await startApi({ maxStreams: 1 });
    const held = new AbortController();
    const first = await fetch(api.url('/api/sse/clock?n=60'), { signal: held.signal });
    expect(first.status).toBe(200);
    try {
      const found = await diagnose(api.url('/api/sse/clock'));
      expect(found).toMatchObject({ kind: 'refused', status: 503 });
      expect(found.kind === 'refused' && found.retryAfter).toBeGreaterThan(0);
    } finally {
      held.abort();
    }
  });

  it('reports an answer that is not the endpoint’s (a proxy’s 502 page) as unexpected, with its status and media type', async () => {
    await using proxy = await serve((_req, res) => res.writeHead(502, { 'Content-Type': 'text/html; charset=utf-8' }).end('<h1>Bad Gateway</h1>'));
    expect(await diagnose(proxy.url('/api/sse/clock'))).toEqual({
      kind: 'unexpected',
      url: proxy.url('/api/sse/clock'),
      status: 502,
      contentType: 'text/html',
    });
  });

  it('reports a 200 that is no event stream (a static host’s HTML page) as unexpected', async () => {
    await using host = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html>'));
    expect(await diagnose(host.url('/api/sse/clock'))).toMatchObject({ kind: 'unexpected', status: 200, contentType: 'text/html' });
  });

  it('reports no server at all as unreachable', async () => {
    const url = `http://127.0.0.1:${await freePort()}/api/sse/clock`;
    expect(await diagnose(url)).toEqual({ kind: 'unreachable', url });
  });

  it('reports a stream that opens this time as unreachable (the first attempt failed on the way), and closes it', async () => {
    let closed = false;
    await using server = await serve((req, res) => {
      req.on('close', () => (closed = true));
      res.writeHead(200, { 'Content-Type': 'text/event-stream' }).write(': open\n\n');
    });
    expect(await diagnose(server.url('/api/sse/clock'))).toEqual({ kind: 'unreachable', url: server.url('/api/sse/clock') });
    await waitFor(() => closed, 5000, 'the diagnosing request to be closed');
  });
});

/** A log entry as useDemoLog() writes it; only the fields the wire text reads matter. */
function entry(fields: Pick<LogEntry, 'kind' | 'type' | 'data' | 'lastEventId' | 'newId'>): LogEntry {
  return { key: 0, arrival: '', sinceStartMs: 0, ...fields };
}
const event = (type: string, data: string, lastEventId = '', newId = false) => entry({ kind: 'event', type, data, lastEventId, newId });
const note = (data: string) => entry({ kind: 'note', type: '', data, lastEventId: '', newId: false });

describe('the rebuilt wire text', () => {
  it('writes event: only for a named type, id: only where the ID changed, and no notes', () => {
    const log = [note('connected'), event('message', 'hi', '1', true), event('tick', '{"n":2}', '1'), note('reconnecting'), event('tick', 'x', '7', true)];
    expect(rebuildWire(log)).toBe('id: 1\ndata: hi\n\nevent: tick\ndata: {"n":2}\n\nevent: tick\nid: 7\ndata: x\n\n');
  });

  it('writes multi-line data as one data: line each, and an emptied ID as an empty id:', () => {
    expect(rebuildWire([event('message', 'a\nb', '3', true), event('message', 'c', '', true)])).toBe('id: 3\ndata: a\ndata: b\n\nid: \ndata: c\n\n');
  });

  it('parses back to the events the page received', () => {
    const log = [event('message', 'one\ntwo', 'a', true), event('status', '', 'a'), event('message', ' lead', '', true)];
    const parsed = parseEventStream(rebuildWire(log)).events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }));
    expect(parsed).toEqual(log.map(({ type, data, lastEventId }) => ({ type, data, lastEventId })));
  });

  it('is empty for a log of notes only', () => {
    expect(rebuildWire([note('open'), note('close() called')])).toBe('');
  });
});
