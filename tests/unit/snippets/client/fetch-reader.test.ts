/**
 * The client page's fetch-based reader (src/snippets/client/fetch-reader.mjs)
 * in Node, against small node:http servers: what it accepts as an event
 * stream, and what it does when the caller's onEvent throws. The browser
 * run against the Express server is in tests/e2e/client-snippets.spec.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readEventStream } from '../../../../src/snippets/client/fetch-reader.mjs';

interface TestServer {
  url: string;
  /** Requests answered so far. */
  requests: () => number;
  /** Resolves with true once the reader has hung up on the first response. */
  firstResponseClosed: Promise<boolean>;
}

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server that answers every request with `answer` and keeps the response open. */
async function serve(answer: (res: ServerResponse, req: IncomingMessage) => void): Promise<TestServer> {
  let requests = 0;
  let closedFirst: (closed: boolean) => void = () => {};
  const firstResponseClosed = new Promise<boolean>((resolve) => (closedFirst = resolve));
  const server = createServer((req, res) => {
    requests += 1;
    if (requests === 1) res.on('close', () => closedFirst(true));
    answer(res, req);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, requests: () => requests, firstResponseClosed };
}

/** Runs the reader until it settles or `ms` pass, then aborts it. */
async function read(url: string, onEvent: (event: { type: string; data: string; lastEventId: string }) => void, ms = 1_500) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    await readEventStream(url, { signal: controller.signal, onEvent });
    return { settled: controller.signal.aborted ? 'aborted' : 'resolved' };
  } catch (error) {
    return { settled: 'rejected', error };
  } finally {
    clearTimeout(timer);
  }
}

describe('fetch-reader.mjs', () => {
  it('reads a stream whose Content-Type differs in case and parameters, as EventSource does', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'Content-Type': 'Text/Event-Stream ;Charset=UTF-8' });
      res.write('id: 7\ndata: hello\n\n');
    });
    const events: unknown[] = [];
    const { settled } = await read(server.url, (event) => events.push(event));
    expect(settled).toBe('aborted');
    expect(events[0]).toEqual({ type: 'message', data: 'hello', lastEventId: '7' });
  });

  it('gives up on a 2xx other than 200 without reading its events, as EventSource does', async () => {
    for (const status of [201, 206, 299]) {
      const server = await serve((res) => {
        res.writeHead(status, { 'Content-Type': 'text/event-stream' });
        res.end('data: not for you\n\n');
      });
      const events: unknown[] = [];
      const { settled, error } = await read(server.url, (event) => events.push(event));
      expect(settled, `status ${status}`).toBe('rejected');
      expect(String(error)).toContain(String(status));
      expect(events).toEqual([]);
      expect(server.requests()).toBe(1);
    }
  });

  it('rejects with the error onEvent throws, even a TypeError, instead of taking it for a network error, and hangs up', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('data: first\n\ndata: second\n\n');
    });
    const seen: string[] = [];
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const { settled, error } = await read(server.url, (event) => {
      seen.push(event.data);
      throw bug;
    });
    expect(settled).toBe('rejected');
    expect(error).toBe(bug);
    expect(seen).toEqual(['first']);
    expect(await server.firstResponseClosed).toBe(true);
    expect(server.requests()).toBe(1);
  });

  it('is written for the eventsource-parser major version that is installed', () => {
    const source = readFileSync(new URL('../../../../src/snippets/client/fetch-reader.mjs', import.meta.url), 'utf8');
    const named = /eventsource-parser@(\d+)/.exec(source)?.[1];
    const installed = JSON.parse(readFileSync(new URL('../../../../node_modules/eventsource-parser/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(named).toBe(installed.version.split('.')[0]);
  });
});
