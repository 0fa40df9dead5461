import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Endpoint } from '../../src/server/endpoint.ts';
import { EventStream } from '../../src/server/event-stream.ts';
import { HttpError, sendError } from '../../src/server/http-error.ts';
import type { EventStreamReader } from './event-stream-reader.ts';
import { waitFor } from './wait-for.ts';

export interface DemoServer {
  server: Server;
  url(path: string): string;
  /** Event streams open right now. */
  openStreams(): number;
  close(): Promise<void>;
}

/**
 * Demos built with test-sized limits (a counter that counts every 20 ms, …),
 * each at `/api/sse/<name>` on a real HTTP server at a free loopback port.
 * The full router with the default limits is tests/helpers/api-server.ts.
 */
export async function startDemoServer(demos: Record<string, Endpoint>, { heartbeatMs = 60_000 } = {}): Promise<DemoServer> {
  const streams = new Set<EventStream>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const demo = demos[url.pathname.replace('/api/sse/', '')];
    const fail = (error: unknown): void => {
      if (error instanceof HttpError) sendError(res, error);
      else res.destroy(error as Error);
    };
    if (!demo) return fail(new HttpError(404, 'no such demo'));
    try {
      const pending = demo.handle({
        req,
        res,
        query: url.searchParams,
        client: req.socket.remoteAddress ?? 'unknown',
        openStream: ({ heartbeat = true } = {}) => {
          const stream = new EventStream(res, { heartbeatMs: heartbeat ? heartbeatMs : null, maxQueuedBytes: 1024 * 1024 });
          streams.add(stream);
          stream.onClose(() => streams.delete(stream));
          return stream;
        },
      });
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    openStreams: () => streams.size,
    close: async () => {
      for (const stream of [...streams]) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Hangs up `stream` like a closed tab, then waits until the server has let
 * go of it and the process holds no more timers than `timersBefore` (its
 * count before the server started); fails after 5 s each.
 */
export async function leaveAndAwaitRelease(server: DemoServer, stream: EventStreamReader, timersBefore: number): Promise<void> {
  stream.close();
  await waitFor(() => server.openStreams() === 0, 5000, 'the stream to be released');
  await waitFor(() => activeTimers() <= timersBefore, 5000, 'its timers to be cleared');
}

/** Timers the process holds right now (heartbeats, demo ticks, lingering counters). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}
