import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamParser, type SseEvent } from '../../src/lib/sse/parser.ts';
import type { Endpoint } from '../../src/server/endpoint.ts';
import { EventStream } from '../../src/server/event-stream.ts';
import { HttpError, sendError } from '../../src/server/http-error.ts';
import { waitFor } from './api-server.ts';

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

export interface ArrivedEvent extends SseEvent {
  /** performance.now() when the chunk that completed it arrived. */
  at: number;
}

export interface OpenedStream {
  response: Response;
  /** Events parsed so far (by the site's spec-following parser), in order. */
  events: ArrivedEvent[];
  /** `retry:` values seen so far. */
  retries: number[];
  /** The raw text received so far. */
  text(): string;
  /** Resolves once `count` events have arrived; rejects after `timeoutMs`. */
  waitForEvents(count: number, timeoutMs?: number): Promise<ArrivedEvent[]>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  /** Goes away, as a browser tab would. */
  abort(): void;
}

/** Opens an event stream and parses it as it arrives. */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: ArrivedEvent[] = [];
  const retries: number[] = [];
  let raw = '';
  let at = 0;
  const parser = new EventStreamParser({
    onEvent: (event) => events.push({ ...event, at }),
    onRetry: (ms) => retries.push(ms),
  });
  const ended = (async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        at = performance.now();
        raw += value;
        parser.feed(value);
      }
    } catch {
      // Aborted by the test: the stream is over for it.
    }
  })();
  return {
    response,
    events,
    retries,
    text: () => raw,
    async waitForEvents(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${count} events (got ${events.length})`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return events.slice(0, count);
    },
    ended,
    abort: () => controller.abort(),
  };
}

/**
 * Hangs up `stream` like a closed tab, then waits until the server has let
 * go of it and the process holds no more timers than `timersBefore` (its
 * count before the server started); fails after 5 s each.
 */
export async function leaveAndAwaitRelease(server: DemoServer, stream: OpenedStream, timersBefore: number): Promise<void> {
  stream.abort();
  await waitFor(() => server.openStreams() === 0, 5000, 'the stream to be released');
  await waitFor(() => activeTimers() <= timersBefore, 5000, 'its timers to be cleared');
}

/** Timers the process holds right now (heartbeats, demo ticks, lingering counters). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}
