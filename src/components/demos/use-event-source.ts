/**
 * The client core of the live demos: one `EventSource`, watched, so each demo
 * island is only what makes it different. Pair it with `DemoFrame` (the shared
 * layout) and `pickDemoStrings` (demo-strings.ts: the UI strings).
 *
 *   const stream = useEventSource({
 *     strings,             // the shared `demo.*` strings, for the core's own notes
 *     // Attach the demo's own listeners. `record` lists an event in the log
 *     // (with its arrival time and an optional tag such as "replayed").
 *     listen(source, record) {
 *       source.addEventListener('tick', (event) => record(event));
 *       source.addEventListener('done', (event) => {
 *         record(event);
 *         stream.stop(); // close() on done, or the browser reconnects
 *       });
 *     },
 *     onOpen(source) {},   // optional: after the state became OPEN
 *     onError(source) {},  // optional: after an error once the stream had opened
 *   });
 *   stream.start('/api/sse/clock?n=5'); // closes any previous source, clears the log
 *   stream.stop(why?);                   // the client's close(): CLOSED, no reconnect
 *   stream.note('…');                    // adds a line about the connection to the log
 *   stream.state    // 'idle' | 'CONNECTING' | 'OPEN' | 'CLOSED' (readyState, or not started)
 *   stream.log      // LogEntry[]: events and connection notes, oldest first
 *   stream.wire     // the events rebuilt as wire text, see below
 *   stream.failure  // why the first connection failed: unreachable, or refused with a status
 *
 *   <DemoFrame name="clock" strings={strings} stream={stream} controls={…}>
 *     {what only this demo shows: a progress bar, client code…}
 *   </DemoFrame>
 *
 * The core itself notes the connection's turns in the log (open, error and
 * reconnecting, refused for good, close()), and DemoFrame shows the latest
 * note after the state.
 *
 * A demo with several sources at once (the connection limit) uses the two
 * parts underneath directly: `useDemoLog()` (the log, its notes and the
 * rebuilt wire text) and `diagnose(url)` (why a stream would not open).
 *
 * What it cannot show: `EventSource` hands the page parsed events, never the
 * bytes. The wire text is therefore rebuilt from each event through the
 * site's one serializer (src/lib/sse/serialize.ts), and a demo labels it as
 * rebuilt. Comment lines (the endpoint's `: heartbeat`) and `retry:` fields
 * never reach the page at all, so they are missing from it; a demo that must
 * show them reads the stream with `fetch()` instead.
 *
 * When the very first connection fails, the browser would retry forever.
 * The core closes the source instead and asks the server once with `fetch()`
 * why: a plain-text refusal from our endpoint (400, 429, 503) is "refused",
 * and the frame words it in the page's language from its status (the
 * endpoint's own one-line reason is English); no answer at all is
 * "unreachable"; any other answer (a proxy's 502, an HTML page from a static
 * host) is "unexpected", shown with the status and content type actually
 * received. Errors after the stream has opened are the browser's normal
 * reconnects and are left to it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { serializeEvent } from '../../lib/sse/serialize.ts';
import { isRefusal, receivedAnswer, retryAfterSeconds } from '../http-answer.ts';
import type { UiStrings } from '../ui-strings.ts';
import type { SharedDemoStringKey } from './demo-strings.ts';
import { formatArrival, type ConnectionState } from './event-log.ts';

export { isRunning, type ConnectionState } from './event-log.ts';

/** One line of a demo's log: an event as the page received it, or a note about the connection. */
export interface LogEntry {
  /** Position in the log, stable for list keys. */
  key: number;
  kind: 'event' | 'note';
  /** Event type (`message` for unnamed events); empty for notes. */
  type: string;
  /** Event data, or the text of a note. */
  data: string;
  /** The event's `lastEventId`; empty for notes. */
  lastEventId: string;
  /** Whether this event changed the last event ID, i.e. carried an `id:` field (as far as the page can tell). */
  newId: boolean;
  /** `14:03:07.251 (+2.004 s)`: wall clock and time since start(). */
  arrival: string;
  /** Milliseconds since start(). */
  sinceStartMs: number;
  /** What the demo wants to say about this entry: which listener got it, "replayed", … */
  tag?: string | undefined;
}

export type StreamFailure =
  /** No answer at all: no server, or the connection was refused. */
  | { kind: 'unreachable'; url: string }
  /** Our endpoint refused with a 4xx/5xx in plain text; `retryAfter` in seconds when it said. */
  | { kind: 'refused'; url: string; status: number; retryAfter: number | null }
  /** An answer that is neither a stream nor our refusal: what came back instead. */
  | { kind: 'unexpected'; url: string; status: number; contentType: string };

export type RecordEvent = (event: MessageEvent<string>, tag?: string) => LogEntry;

export interface EventSourceOptions {
  /** The shared strings: the core writes the notes on open, reconnect, refusal and close() itself. */
  strings: UiStrings<SharedDemoStringKey>;
  listen(source: EventSource, record: RecordEvent): void;
  onOpen?(source: EventSource): void;
  onError?(source: EventSource): void;
}

export interface EventSourceHandle {
  state: ConnectionState;
  log: readonly LogEntry[];
  wire: string;
  failure: StreamFailure | null;
  start(url: string): void;
  /** The client's close(); logs `why`, or the shared "close() called" note. */
  stop(why?: string): void;
  note(text: string): void;
}

/** The log keeps this many entries; older ones scroll away for good. */
const MAX_LOG_ENTRIES = 200;

/**
 * A log's events rebuilt as wire text: `event:` only for a named type, `id:`
 * only where the last event ID changed, as a server would send them. Notes
 * are the page's own and were never on the wire.
 */
export function rebuildWire(log: readonly LogEntry[]): string {
  return log
    .filter((entry) => entry.kind === 'event')
    .map((entry) =>
      serializeEvent({
        event: entry.type === 'message' ? undefined : entry.type,
        id: entry.newId ? entry.lastEventId : undefined,
        data: entry.data,
      }),
    )
    .join('');
}

/** The path without the query, as the reader would recognise it in a message. */
function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

/**
 * Asks the server once why a stream would not open. Our endpoint answers a
 * refusal in plain text (src/server/http-error.ts) with a 4xx or 503; a 5xx
 * from something in front of it (a proxy's 502) or any other kind of answer
 * is reported as what it is.
 */
export async function diagnose(url: string): Promise<StreamFailure> {
  const controller = new AbortController();
  try {
    const response = await fetch(url, { signal: controller.signal, cache: 'no-store', headers: { Accept: 'text/event-stream' } });
    const received = receivedAnswer(response);
    if (isRefusal(received)) return { kind: 'refused', url: pathOf(url), status: response.status, retryAfter: retryAfterSeconds(response) };
    // A stream that opens this time: the first attempt failed on the way.
    if (response.ok && received.contentType === 'text/event-stream') return { kind: 'unreachable', url: pathOf(url) };
    return { kind: 'unexpected', url: pathOf(url), ...received };
  } catch {
    return { kind: 'unreachable', url: pathOf(url) };
  } finally {
    // A stream that opens this time is not wanted: the demo reports the failure it saw.
    controller.abort();
  }
}

export interface DemoLog {
  log: readonly LogEntry[];
  /** The events rebuilt as wire text. */
  wire: string;
  /** Lists an event; `tag` is what the demo wants to say about it. */
  record: RecordEvent;
  note(text: string): void;
  /** Empties the log and restarts the clock of the arrival times. */
  clear(): void;
}

/** A demo's log of events and notes, with arrival times, and the wire text rebuilt from it. */
export function useDemoLog(): DemoLog {
  const [log, setLog] = useState<LogEntry[]>([]);
  const startedAtRef = useRef(0);
  const keyRef = useRef(0);
  const lastIdRef = useRef('');

  const sinceStart = (): number => performance.now() - startedAtRef.current;

  function append(entry: Omit<LogEntry, 'key' | 'arrival' | 'sinceStartMs'>): LogEntry {
    const sinceStartMs = sinceStart();
    const full: LogEntry = { ...entry, key: keyRef.current++, sinceStartMs, arrival: formatArrival(new Date(), sinceStartMs) };
    setLog((list) => [...list.slice(-(MAX_LOG_ENTRIES - 1)), full]);
    return full;
  }

  const record: RecordEvent = (event, tag) => {
    const newId = event.lastEventId !== lastIdRef.current;
    lastIdRef.current = event.lastEventId;
    return append({ kind: 'event', type: event.type, data: event.data, lastEventId: event.lastEventId, newId, tag });
  };

  return {
    log,
    wire: rebuildWire(log),
    record,
    note: (text) => void append({ kind: 'note', type: '', data: text, lastEventId: '', newId: false }),
    clear() {
      setLog([]);
      lastIdRef.current = '';
      startedAtRef.current = performance.now();
    },
  };
}

export function useEventSource(options: EventSourceOptions): EventSourceHandle {
  const [state, setState] = useState<ConnectionState>('idle');
  const [failure, setFailure] = useState<StreamFailure | null>(null);
  const { log, wire, record, note, clear } = useDemoLog();
  const sourceRef = useRef<EventSource | null>(null);
  // The latest options, so listeners attached at start() call the current render's callbacks.
  const optionsRef = useRef(options);
  optionsRef.current = options;

  // Close the stream when the island goes away (navigation, hot reload).
  useEffect(() => () => sourceRef.current?.close(), []);

  function stop(why?: string): void {
    const source = sourceRef.current;
    sourceRef.current = null;
    if (!source) return;
    source.close();
    setState('CLOSED');
    note(why ?? options.strings['demo.note.stopped']);
  }

  function start(url: string): void {
    sourceRef.current?.close();
    clear();
    setFailure(null);
    const source = new EventSource(url);
    sourceRef.current = source;
    let opened = false;
    setState('CONNECTING');

    source.addEventListener('open', () => {
      if (sourceRef.current !== source) return;
      opened = true;
      setState('OPEN');
      note(optionsRef.current.strings['demo.note.open']);
      optionsRef.current.onOpen?.(source);
    });
    source.addEventListener('error', () => {
      if (sourceRef.current !== source) return;
      if (!opened) {
        // Never connected. Retrying forever would not help the reader; find out why instead.
        source.close();
        setState('CLOSED');
        void diagnose(url).then((found) => {
          if (sourceRef.current === source) setFailure(found);
        });
        return;
      }
      const closed = source.readyState === EventSource.CLOSED;
      setState(closed ? 'CLOSED' : 'CONNECTING');
      note(optionsRef.current.strings[closed ? 'demo.note.closed-by-server' : 'demo.note.reconnecting']);
      optionsRef.current.onError?.(source);
    });
    optionsRef.current.listen(source, record);
  }

  return { state, log, wire, failure, start, stop, note };
}
