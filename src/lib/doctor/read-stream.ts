import { EventStreamParser, type LineEnd, type TraceEntry } from '../sse/parser.ts';
import { readSendStamp } from './probe-format.ts';
import type { StreamObservation } from './types.ts';

/** A dispatched event, with when the chunk that completed it arrived. */
export interface ArrivedEvent {
  readonly atMs: number;
  /** UTF-8 bytes of its lines, through the blank line that dispatched it. */
  readonly bytes: number;
  readonly type: string;
  readonly data: string;
  /** The `id` field it carried itself, if any (not the inherited last event ID). */
  readonly id?: string;
  /** Probe and lab events: sequence number and the server's send time (server clock, ms). */
  readonly stamp?: { readonly seq: number; readonly sentMs: number };
}

export interface ArrivedComment {
  readonly atMs: number;
  readonly bytes: number;
}

/** What the site's parser made of a response body, with arrival times. */
export interface StreamReading {
  readonly events: readonly ArrivedEvent[];
  readonly comments: readonly ArrivedComment[];
  readonly retries: readonly number[];
  readonly bom: boolean;
  readonly lineEnds: Readonly<Record<LineEnd, number>>;
  /** Field names the browser ignores (unknown, or `retry` that is not digits, `id` with NUL), the first five seen. */
  readonly ignoredFields: readonly string[];
  /** The body ended with an event block (or line) that the browser discards. */
  readonly unterminated: boolean;
  /** The last event ID string as the browser would send it on a reconnect. */
  readonly lastEventId: string;
  readonly totalBytes: number;
}

const MAX_IGNORED_FIELDS = 5;
const lineEndBytes: Record<LineEnd, number> = { LF: 1, CRLF: 2, CR: 1 };

/** UTF-8 bytes of a string, counted without encoding it (a stream at the byte cap has a million lines). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    // A surrogate pair is two code units and four bytes: each unit adds one.
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

/** A field name as a report can show it: control characters as U+FFFD, at most 24 characters. */
function printable(name: string): string {
  const clean = name.replace(/\p{Cc}/gu, '\uFFFD');
  return clean.length > 24 ? `${clean.slice(0, 24)}…` : clean;
}

/** Feeds the observed chunks through the site's parser with its trace, so the doctor judges the stream exactly as the handbook's parser (and the browser) reads it. */
export function readStream(observation: StreamObservation): StreamReading {
  const events: ArrivedEvent[] = [];
  const comments: ArrivedComment[] = [];
  const retries: number[] = [];
  const ignoredFields: string[] = [];
  const lineEnds: Record<LineEnd, number> = { LF: 0, CRLF: 0, CR: 0 };
  let bom = false;
  let unterminated = false;
  let blockBytes = 0;
  let blockId: string | undefined;
  let atMs = observation.headersAtMs;

  const onTrace = (entry: TraceEntry): void => {
    if (entry.lineEnd !== null) lineEnds[entry.lineEnd] += 1;
    const bytes = entry.lineEnd === null ? 0 : utf8Length(entry.line) + lineEndBytes[entry.lineEnd];
    switch (entry.action) {
      case 'bom-stripped':
        bom = true;
        return;
      case 'comment':
        // Inside an event's lines (the probe's padding) it is part of that event; on its own, a heartbeat.
        if (blockBytes > 0) break;
        comments.push({ atMs, bytes });
        return;
      case 'discarded-at-end':
        unterminated = true;
        return;
      case 'dispatched': {
        const event = entry.event!;
        const stamp = readSendStamp(event.data);
        events.push({
          atMs,
          bytes: blockBytes + bytes,
          type: event.type,
          data: event.data,
          ...(blockId !== undefined ? { id: blockId } : {}),
          ...(stamp ? { stamp } : {}),
        });
        blockBytes = 0;
        blockId = undefined;
        return;
      }
      case 'dispatch-skipped-empty-data':
        blockBytes = 0;
        blockId = undefined;
        return;
      case 'unknown-field-ignored':
      case 'retry-ignored-not-digits':
      case 'retry-ignored-empty':
      case 'id-ignored-null':
        // A few names say enough; garbage would otherwise list (and search) thousands.
        if (ignoredFields.length < MAX_IGNORED_FIELDS) {
          const name = printable(entry.field!);
          if (!ignoredFields.includes(name)) ignoredFields.push(name);
        }
        break;
      case 'id-set':
      case 'id-reset':
        blockId = entry.value;
        break;
      case 'retry-set':
        retries.push(entry.retry!);
        break;
      default:
        break;
    }
    blockBytes += bytes;
  };

  const parser = new EventStreamParser({ onTrace });
  let totalBytes = 0;
  for (const chunk of observation.chunks) {
    atMs = chunk.atMs;
    totalBytes += chunk.bytes.byteLength;
    parser.feed(chunk.bytes);
  }
  atMs = observation.end.atMs;
  parser.end();
  // A stream the doctor itself cut off (duration, byte cap, Ctrl-C) ends mid-event by our doing, not the server's.
  const serverEnded = observation.end.reason === 'closed';
  return {
    events,
    comments,
    retries,
    bom,
    lineEnds,
    ignoredFields,
    unterminated: unterminated && serverEnded,
    lastEventId: parser.lastEventId,
    totalBytes,
  };
}
