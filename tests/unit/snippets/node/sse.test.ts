/**
 * The helper every Node.js snippet writes events with
 * (src/snippets/node/sse.mjs): its serializer, checked against this site's
 * parser, and its backpressure handling against a client that stops reading.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEventStream } from '../../../../src/lib/sse/parser.ts';
import { formatEvent, openEventStream } from '../../../../src/snippets/node/sse.mjs';

describe('formatEvent', () => {
  it('writes an event the browser parses back to the same type, id and data', () => {
    const text = formatEvent({ event: 'update', id: '7', data: 'first line\nsecond line' });
    expect(text).toBe('event: update\nid: 7\ndata: first line\ndata: second line\n\n');
    const { events, lastEventId } = parseEventStream([text]);
    expect(events).toEqual([{ type: 'update', data: 'first line\nsecond line', lastEventId: '7' }]);
    expect(lastEventId).toBe('7');
  });

  it('writes a retry-only block that changes the reconnection time and dispatches nothing', () => {
    const { events, reconnectionTime } = parseEventStream([formatEvent({ retry: 2500 })]);
    expect(events).toEqual([]);
    expect(reconnectionTime).toBe(2500);
  });

  it('keeps a leading space of the data, which the parser would otherwise strip', () => {
    const { events } = parseEventStream([formatEvent({ data: ' indented' })]);
    expect(events[0]?.data).toBe(' indented');
  });

  it('refuses a line break in the event name or id and a NUL in the id', () => {
    expect(() => formatEvent({ event: 'a\nb', data: 'x' })).toThrow();
    expect(() => formatEvent({ id: '1\r', data: 'x' })).toThrow();
    expect(() => formatEvent({ id: 'a\0b', data: 'x' })).toThrow();
  });
});

describe('openEventStream', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  /** A server whose one stream is driven by `produce`, and a client that does not read. */
  async function stalledClient(produce: (stream: ReturnType<typeof openEventStream>) => void): Promise<IncomingMessage> {
    server = createServer((_req, res) => produce(openEventStream(res, { maxQueuedBytes: 64 * 1024 })));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/' }, resolve);
      req.once('error', reject);
      req.end();
    });
  }

  const big = 'x'.repeat(16 * 1024);

  it('reports a full buffer and resolves drained() once the client reads again', async () => {
    let sentBeforeFull = 0;
    let resumedAfterDrain = false;
    const full = new Promise<void>((resolveFull) => {
      void stalledClient(async (stream) => {
        while (stream.send({ data: big })) sentBeforeFull += 1;
        resolveFull();
        await stream.drained();
        resumedAfterDrain = !stream.closed;
      }).then((response) => {
        // Stalled until the buffer is full, then read everything.
        void full.then(() => response.resume());
      });
    });
    await full;
    expect(sentBeforeFull).toBeLessThan(1000);
    await expect.poll(() => resumedAfterDrain, { timeout: 5_000 }).toBe(true);
  });

  it('drops a client that falls more than maxQueuedBytes behind and runs its close handlers', async () => {
    let closedByHelper = false;
    let connectionDestroyed = false;
    let sendAfterDrop: boolean | undefined;
    server = createServer((_req, res) => {
      const stream = openEventStream(res, { maxQueuedBytes: 64 * 1024 });
      stream.onClose(() => {
        closedByHelper = true;
        connectionDestroyed = res.destroyed;
        sendAfterDrop = stream.send({ data: 'too late' });
      });
      // A producer that cannot wait, like a broadcast: keeps sending.
      const timer = setInterval(() => (stream.closed ? clearInterval(timer) : stream.send({ data: big })), 1);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // The client never reads: once its socket and the kernel buffers are full,
    // every further send piles up in the server's memory.
    const response = await new Promise<IncomingMessage>((resolve) => request({ host: '127.0.0.1', port }, resolve).end());
    await expect.poll(() => closedByHelper, { timeout: 10_000 }).toBe(true);
    expect(connectionDestroyed).toBe(true);
    expect(sendAfterDrop).toBe(false);
    response.destroy();
  });

  it('sends the event-stream headers at once, before any event', async () => {
    const response = await stalledClient(() => {});
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache, no-transform');
    expect(response.headers['x-accel-buffering']).toBe('no');
    response.destroy();
  });
});
