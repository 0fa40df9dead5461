/**
 * "Run in this browser": sends the stream's exact bytes to the echo endpoint
 * (`POST /api/sse/echo`), opens the replay with the browser's own
 * `EventSource` and collects what it dispatches.
 *
 * EventSource hands events to the page only through listeners per event
 * type, so the runner listens for every type our parser dispatched, every
 * type named by an `event:` line of the text (in case the browser reads the
 * stream differently) and `message`. When the replay ends the browser fires
 * `error` and goes to CONNECTING to reconnect; the runner closes it then (the
 * endpoint would answer the reconnect with 204 anyway).
 */
import type { SseEvent } from '../../../lib/sse/parser.ts';
import { isRefusal, receivedAnswer, retryAfterSeconds, type ReceivedAnswer } from '../../http-answer.ts';

export type NativeRunOutcome =
  /** The replay ended; `events` is everything EventSource dispatched. */
  | { kind: 'finished'; events: SseEvent[] }
  /** No end of stream within the time limit; `events` arrived until then. */
  | { kind: 'timeout'; events: SseEvent[] }
  /** The echo endpoint refused the stream (its plain-text 4xx or 503); `retryAfter` in seconds when it said. */
  | { kind: 'refused'; status: number; retryAfter: number | null }
  /** Something else answered: a proxy's 502, an HTML page from a static host. */
  | ({ kind: 'unexpected' } & ReceivedAnswer)
  /** The POST did not reach the endpoint at all. */
  | { kind: 'unreachable' }
  /** EventSource could not open the replay (expired, or refused with a non-200). */
  | { kind: 'stream-failed'; events: SseEvent[] }
  | { kind: 'aborted'; events: SseEvent[] };

export interface NativeRunRequest {
  /** The echo endpoint, e.g. `/api/sse/echo`. */
  echoUrl: string;
  bytes: Uint8Array;
  /** Byte offsets where the endpoint cuts the stream (see ../model/chunking.ts). */
  splits: readonly number[];
  delayMs: number;
  /** Event types to listen for besides `message`. */
  types: readonly string[];
  timeoutMs: number;
  signal: AbortSignal;
  /** Each event as it arrives, for live display. */
  onEvent?: ((event: SseEvent) => void) | undefined;
}

/** Standard base64 (the endpoint's `streamBase64`), in slices to stay within argument limits. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The event types a page would have to listen for to see every event of this
 * stream: those our parser dispatched, those any `event` line names (with
 * the one leading space removed, an empty value meaning `message`), and `message`.
 */
export function eventTypesToListen(text: string, parsed: readonly SseEvent[]): string[] {
  const types = new Set<string>(['message']);
  for (const event of parsed) types.add(event.type);
  for (const line of text.split(/\r\n|\r|\n/)) {
    const match = /^\uFEFF?event(?::(.*))?$/.exec(line);
    if (match === null) continue;
    const value = (match[1] ?? '').replace(/^ /, '');
    types.add(value === '' ? 'message' : value);
  }
  return [...types];
}

/**
 * Whether the site's endpoint answers and offers the echo demo: `true`, or
 * `false` when nothing answered, or what answered instead (a proxy's 502, a
 * static host's HTML page), so the page can say what it actually received.
 */
export async function echoAvailable(statusUrl: string, signal: AbortSignal): Promise<boolean | ReceivedAnswer> {
  try {
    const response = await fetch(statusUrl, { signal, headers: { Accept: 'application/json' } });
    const received = receivedAnswer(response);
    if (!response.ok || received.contentType !== 'application/json') return received;
    const status: unknown = await response.json();
    const demos = typeof status === 'object' && status !== null ? (status as { demos?: unknown }).demos : undefined;
    return Array.isArray(demos) && demos.includes('echo') ? true : received;
  } catch {
    return false;
  }
}

async function createReplay(request: NativeRunRequest): Promise<NativeRunOutcome | URL> {
  let response: Response;
  try {
    response = await fetch(request.echoUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ streamBase64: toBase64(request.bytes), splits: request.splits, delayMs: request.delayMs }),
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) return { kind: 'aborted', events: [] };
    return { kind: 'unreachable' };
  }
  if (response.status !== 201) {
    // See http-answer.ts: a refusal is worded from its status; anything else is not the endpoint.
    const received = receivedAnswer(response);
    if (isRefusal(received)) return { kind: 'refused', status: response.status, retryAfter: retryAfterSeconds(response) };
    return { kind: 'unexpected', ...received };
  }
  let created: unknown;
  try {
    created = await response.json();
  } catch (error) {
    // Stop pressed while the answer's body was still on its way: the body read fails with the abort.
    if (request.signal.aborted) return { kind: 'aborted', events: [] };
    return { kind: 'unreachable' };
  }
  const url = typeof created === 'object' && created !== null ? (created as { url?: unknown }).url : undefined;
  if (typeof url !== 'string') return { kind: 'unexpected', ...receivedAnswer(response) };
  return new URL(url, new URL(request.echoUrl, location.href));
}

export async function runNative(request: NativeRunRequest): Promise<NativeRunOutcome> {
  const replay = await createReplay(request);
  if (!(replay instanceof URL)) return replay;
  if (request.signal.aborted) return { kind: 'aborted', events: [] };

  return new Promise((resolve) => {
    const events: SseEvent[] = [];
    const source = new EventSource(replay);
    let opened = false;

    const finish = (kind: 'finished' | 'timeout' | 'stream-failed' | 'aborted'): void => {
      source.close();
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      resolve({ kind, events });
    };
    const onAbort = (): void => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), request.timeoutMs);
    request.signal.addEventListener('abort', onAbort);

    // One listener for every type: a stream may itself name events "open" or
    // "error", which arrive as MessageEvents, unlike the connection's own.
    const onAnyEvent = (event: Event): void => {
      if (event instanceof MessageEvent) {
        const received: SseEvent = { type: event.type, data: String(event.data), lastEventId: event.lastEventId };
        events.push(received);
        request.onEvent?.(received);
      } else if (event.type === 'open') {
        opened = true;
      } else if (event.type === 'error') {
        // After the open: the replay ended and EventSource went to CONNECTING.
        // Before it: the replay could not be opened at all.
        finish(opened ? 'finished' : 'stream-failed');
      }
    };
    for (const type of new Set([...request.types, 'message', 'open', 'error'])) source.addEventListener(type, onAnyEvent);
  });
}
