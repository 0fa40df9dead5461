/**
 * Turns a stream into what the playground shows: the trace rows with their
 * explanations, the dispatched events, the last event ID and the
 * reconnection time. Runs in the parse worker (or in-thread when Workers are
 * unavailable), so the main thread only receives a bounded, display-ready
 * slice: at most `maxRows` trace rows and `maxEvents` events, with long texts
 * cut. The export parses again and gets everything.
 */
import { EventStreamParser, parseEventStream, type LineEnd, type SseEvent, type TraceAction } from '../../../lib/sse/parser.ts';
import { explainTraceEntry, type Explanation } from './trace-explain.ts';

/** How many trace rows and events the page renders; more would make one render take too long. */
export const displayLimits = { maxRows: 500, maxEvents: 500, maxText: 500 } as const;

export interface TraceRow {
  lineNumber: number;
  /** The raw line, cut to `maxText` characters. */
  line: string;
  lineEnd: LineEnd | null;
  field: string | null;
  value: string | null;
  action: TraceAction;
  explanation: Explanation;
}

export interface StreamAnalysis {
  trace: TraceRow[];
  traceTotal: number;
  /** Dispatched events, data cut to `maxText` characters. */
  events: SseEvent[];
  eventTotal: number;
  lastEventId: string;
  reconnectionTime: number | null;
}

/** Cuts long text for display, never in the middle of a surrogate pair. */
export function clip(text: string, max: number = displayLimits.maxText): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

export function analyzeStream(text: string): StreamAnalysis {
  const trace: TraceRow[] = [];
  const events: SseEvent[] = [];
  let traceTotal = 0;
  let eventTotal = 0;
  // The parser itself instead of parseEventStream: rows beyond the limit are
  // counted, not kept, so a 1 MiB stream does not build 100 000 row objects.
  const parser = new EventStreamParser({
    onTrace(entry) {
      if (traceTotal++ >= displayLimits.maxRows) return;
      trace.push({
        lineNumber: entry.lineNumber,
        line: clip(entry.line),
        lineEnd: entry.lineEnd,
        field: entry.field === undefined ? null : clip(entry.field),
        value: entry.value === undefined ? null : clip(entry.value),
        action: entry.action,
        explanation: explainTraceEntry(entry),
      });
    },
    onEvent(event) {
      if (eventTotal++ >= displayLimits.maxEvents) return;
      events.push({ type: clip(event.type), data: clip(event.data), lastEventId: clip(event.lastEventId) });
    },
  });
  parser.feed(text);
  parser.end();
  return { trace, traceTotal, events, eventTotal, lastEventId: parser.lastEventId, reconnectionTime: parser.reconnectionTime };
}

/** Every dispatched event, in full, as the JSON the export downloads. */
export function eventsJson(text: string): string {
  return JSON.stringify(parseEventStream(text).events, null, 2);
}
