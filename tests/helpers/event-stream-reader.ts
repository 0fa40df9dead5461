/**
 * Reads an event stream over real HTTP and parses it with the site's own
 * spec-following parser, recording when each event arrived: what a
 * browser's EventSource would dispatch, without the reconnecting. Every
 * test that reads a stream from a server (the endpoint, the demos, the
 * snippets' servers, the production process) uses this one reader.
 */
import { EventStreamParser, type SseEvent } from '../../src/lib/sse/parser.ts';
import { waitFor } from './wait-for.ts';

export interface ArrivedEvent extends SseEvent {
  /** performance.now() when the chunk that completed the event arrived. */
  at: number;
}

export interface EventStreamReader {
  response: Response;
  status: number;
  headers: Headers;
  /** Every event dispatched so far, in order. */
  events: ArrivedEvent[];
  /** Every `retry:` value the parser applied, in order. */
  retries: number[];
  /** The parser's last event ID string, as a browser would send it on reconnect. */
  readonly lastEventId: string;
  /** The text received so far. */
  text(): string;
  /** Whether the server has ended the response. */
  hasEnded(): boolean;
  /**
   * The first `count` events, once they have arrived, or every event when
   * the server ended the response before; rejects after `timeoutMs`.
   */
  waitForEvents(count: number, timeoutMs?: number): Promise<ArrivedEvent[]>;
  /** Resolves when the server ends the response (or close() was called). */
  ended: Promise<void>;
  /** Hangs up, as a closed tab would. */
  close(): void;
}

/** GETs `url` (or what `init` says) and parses the body as it arrives. */
export async function openEventStream(url: string, init: RequestInit = {}): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, { ...init, signal: controller.signal });
  const events: ArrivedEvent[] = [];
  const retries: number[] = [];
  const decoder = new TextDecoder();
  let text = '';
  let arrivedAt = 0;
  let serverEnded = false;
  const parser = new EventStreamParser({
    onEvent: (event) => events.push({ ...event, at: arrivedAt }),
    onRetry: (ms) => retries.push(ms),
  });
  const ended = (async () => {
    if (!response.body) {
      serverEnded = true;
      return;
    }
    try {
      for await (const chunk of response.body) {
        arrivedAt = performance.now();
        text += decoder.decode(chunk, { stream: true });
        parser.feed(chunk);
      }
      serverEnded = true;
    } catch {
      // Hung up by close(): the events so far stay.
    }
  })();
  return {
    response,
    status: response.status,
    headers: response.headers,
    events,
    retries,
    get lastEventId() {
      return parser.lastEventId;
    },
    text: () => text,
    hasEnded: () => serverEnded,
    async waitForEvents(count, timeoutMs = 5000) {
      await waitFor(() => events.length >= count || serverEnded, timeoutMs, `${count} events (got ${events.length})`);
      return events.slice(0, count);
    },
    ended,
    close: () => controller.abort(),
  };
}

export interface ReadResult {
  status: number;
  headers: Headers;
  events: ArrivedEvent[];
  retries: number[];
  /** True when the server ended the response before `count` events came. */
  ended: boolean;
}

/**
 * Collects events from `url` until `count` have arrived or the server ends
 * the response, then hangs up like a closed tab. Rejects after `timeoutMs`.
 */
export async function readEvents(url: string, count: number, init: RequestInit = {}, timeoutMs = 8_000): Promise<ReadResult> {
  const stream = await openEventStream(url, init);
  try {
    const events = await stream.waitForEvents(count, timeoutMs);
    return { status: stream.status, headers: stream.headers, events, retries: stream.retries, ended: stream.hasEnded() && events.length < count };
  } finally {
    stream.close();
  }
}
