import { request } from 'node:http';
import { EventStreamParser, type SseEvent } from '../../src/lib/sse/parser.ts';

export interface ArrivedEvent extends SseEvent {
  /** performance.now() when the event was dispatched. */
  at: number;
}

export interface EventStreamClient {
  status: number;
  headers: Headers;
  /** Every event dispatched so far, in order. */
  events: ArrivedEvent[];
  /** The parser's last event ID string, as a browser would send it on reconnect. */
  readonly lastEventId: string;
  /** Resolves once `count` events have arrived (or the stream ended), rejects after `timeoutMs`. */
  waitForEvents(count: number, timeoutMs?: number): Promise<ArrivedEvent[]>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens an event stream with fetch and parses it with the project's parser,
 * recording when each event arrived: what a browser's EventSource would
 * dispatch, without the reconnecting.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: ArrivedEvent[] = [];
  const parser = new EventStreamParser({ onEvent: (event) => events.push({ ...event, at: performance.now() }) });
  const ended = (async () => {
    if (!response.body) return;
    try {
      for await (const chunk of response.body) parser.feed(chunk);
    } catch {
      // Aborted by close(): the events so far stay.
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    get lastEventId() {
      return parser.lastEventId;
    },
    async waitForEvents(count, timeoutMs = 5000) {
      let done = false;
      void ended.then(() => (done = true));
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && !done) {
        if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms with ${events.length} of ${count} events`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return events.slice(0, count);
    },
    ended,
    close: () => controller.abort(),
  };
}

/**
 * POSTs JSON from a chosen loopback address: 127.0.0.0/8 is all loopback on
 * Linux, so each address is a different client to the server's per-address limits.
 */
export function postJson(
  url: string,
  body: unknown,
  { from = '127.0.0.1', raw }: { from?: string; raw?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = raw ?? JSON.stringify(body);
    const req = request(url, {
      method: 'POST',
      localAddress: from,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.end(payload);
  });
}
