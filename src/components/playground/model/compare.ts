/**
 * Compares what the browser's native EventSource dispatched with what the
 * playground's parser dispatched for the same bytes, and recognizes the
 * differences that are known Chromium deviations from the standard (the
 * `chromiumDeviation` notes in tests/unit/lib/sse/parser-cases.ts). Pure functions.
 */
import { parseEventStream, type SseEvent } from '../../../lib/sse/parser.ts';

/** What differs in one row: a field, or the event exists on one side only. */
export type Difference = 'type' | 'data' | 'lastEventId' | 'only-native' | 'only-parsed';

export interface ComparedRow {
  /** 0-based position in the order of dispatch. */
  index: number;
  native: SseEvent | undefined;
  parsed: SseEvent | undefined;
  differences: Difference[];
}

export interface Comparison {
  /** One row per position, as many as the longer side has events. */
  rows: ComparedRow[];
  nativeCount: number;
  parsedCount: number;
  /** Rows with at least one difference. */
  differingRows: number;
  /** True when both sides dispatched the same events in the same order. */
  same: boolean;
}

/** Pairs the events by position: events are dispatched in stream order on both sides. */
export function compareEvents(native: readonly SseEvent[], parsed: readonly SseEvent[]): Comparison {
  const rows: ComparedRow[] = [];
  let differingRows = 0;
  for (let index = 0; index < Math.max(native.length, parsed.length); index++) {
    const a = native[index];
    const b = parsed[index];
    const differences: Difference[] = [];
    if (a === undefined) differences.push('only-parsed');
    else if (b === undefined) differences.push('only-native');
    else {
      if (a.type !== b.type) differences.push('type');
      if (a.data !== b.data) differences.push('data');
      if (a.lastEventId !== b.lastEventId) differences.push('lastEventId');
    }
    if (differences.length > 0) differingRows++;
    rows.push({ index, native: a, parsed: b, differences });
  }
  return { rows, nativeCount: native.length, parsedCount: parsed.length, differingRows, same: differingRows === 0 };
}

/** Known ways Chromium's EventSource departs from the standard that show in the events. */
export type KnownDeviation = 'bom-line-end';

/**
 * Chromium skips the character right after a leading BOM when it looks for
 * line ends, so an LF or CR there does not end the first line: it becomes the
 * first character of the next line, which is then an unknown field. A
 * character that is not a line end has the same effect in our parser, so
 * replacing it gives the stream as Chromium reads it. Returns null when the
 * stream does not start that way.
 */
function asChromiumReadsBomLineEnd(text: string): string | null {
  if (!/^\uFEFF[\r\n]/.test(text)) return null;
  return `\uFEFF\u0001${text.slice(2)}`;
}

/**
 * The known deviation that explains the native result, or null. A deviation
 * only counts when Chromium's documented behaviour, applied to this stream,
 * gives exactly the events the browser dispatched; a difference that merely
 * looks similar stays unexplained.
 */
export function explainDeviation(text: string, native: readonly SseEvent[]): KnownDeviation | null {
  const chromiumText = asChromiumReadsBomLineEnd(text);
  if (chromiumText === null) return null;
  return compareEvents(native, parseEventStream(chromiumText).events).same ? 'bom-line-end' : null;
}
