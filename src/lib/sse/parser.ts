/**
 * Streaming parser for `text/event-stream`, written against the WHATWG HTML
 * Living Standard, §9.2 "Server-sent events":
 *
 * - "Parsing an event stream":
 *   https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 * - "Interpreting an event stream":
 *   https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 *
 * Comments of the form `[spec: …]` quote or name the rule that the code next to
 * them implements, so a reader can check the parser against the standard line
 * by line. Where the parser does something the standard does not talk about
 * (chunking, tracing) the comment says why.
 *
 * Pure TypeScript: no DOM and no Node APIs; only the `TextDecoder` global,
 * which browsers, workers and Node all provide.
 *
 * ## Public API
 *
 * ```ts
 * const parser = new EventStreamParser({
 *   onEvent(event) {},   // { type, data, lastEventId } for every dispatched event
 *   onRetry(ms) {},      // every applied `retry` field, in milliseconds
 *   onTrace(entry) {},   // optional: one TraceEntry per parsing step (see below)
 * });
 * parser.feed(chunk);    // Uint8Array (UTF-8 bytes) or string, any number of times
 * parser.end();          // end of stream: pending data is discarded
 * parser.lastEventId;    // the event source's "last event ID string"
 * parser.reconnectionTime; // last applied `retry` value, or null
 *
 * parseEventStream(chunks, { trace: true }) // whole stream at once
 *   // → { events, retries, lastEventId, reconnectionTime, trace }
 * ```
 *
 * ### `new EventStreamParser(options?)`
 * - `onEvent(event: SseEvent)` is called synchronously from `feed()` for
 *   every event the stream dispatches, in stream order. `event.type` is the
 *   event type (`"message"` unless an `event` field set another one),
 *   `event.data` the data with the one trailing LF removed, and
 *   `event.lastEventId` the last event ID string at the time of dispatch.
 * - `onRetry(milliseconds: number)` is called for every `retry` field that
 *   the standard applies (ASCII digits only). The value is the base-10
 *   integer as a JS number; digit strings beyond `Number.MAX_SAFE_INTEGER`
 *   lose precision (and more than ~308 digits give `Infinity`).
 * - `onTrace(entry: TraceEntry)` turns tracing on; without it no trace
 *   objects are created at all. When a trace entry and a callback belong to
 *   the same step (dispatch, retry), the trace entry is reported first.
 *
 * Exceptions thrown by a callback propagate out of `feed()`/`end()`; the rest
 * of that chunk is then not parsed. Callbacks must not call `feed()` or
 * `end()` of the same parser.
 *
 * ### `feed(chunk: Uint8Array | string)`
 * - A `Uint8Array` (any `ArrayBufferView`, e.g. a Node `Buffer`) is decoded as
 *   UTF-8 with replacement characters for invalid sequences; multi-byte
 *   characters may be split across chunks. A string is taken as already
 *   decoded text (UTF-16 code units; a surrogate pair may be split across
 *   chunks).
 * - One stream is either all bytes or all strings: mixing them throws an
 *   `Error`. Calling `feed()` after `end()` throws an `Error`. Empty chunks
 *   are allowed and do nothing.
 * - Chunks can be split anywhere, including inside a CRLF pair or a BOM; the
 *   events, retries and trace never depend on where the splits are. Without
 *   tracing, a line ended by a CR that is the last character of a chunk is
 *   processed at once (so a CR-only server's events are not held back); when
 *   tracing, that line is held until the next chunk (or `end()`) shows
 *   whether an LF follows, so its `lineEnd` is reported exactly.
 *
 * ### `end()`
 * Signals the end of the stream: flushes the UTF-8 decoder (an incomplete
 * trailing byte sequence becomes U+FFFD) and then discards whatever is
 * pending — an unterminated last line and/or an event block that was not
 * closed by a blank line — as the standard requires. When tracing and
 * anything was pending, one `'discarded-at-end'` entry is reported. Calling
 * `end()` again does nothing.
 *
 * ### `lastEventId: string` (getter)
 * The event source's "last event ID string": `""` at first, then the last
 * event ID buffer as of the most recent blank line (even one that dispatched
 * nothing because the data buffer was empty).
 *
 * ### `reconnectionTime: number | null` (getter)
 * The most recently applied `retry` value, or `null` if none was applied.
 *
 * ### `parseEventStream(chunks, { trace? })`
 * Feeds every chunk (a lone string or `Uint8Array` counts as one chunk),
 * calls `end()`, and returns the collected `events`, `retries`, the final
 * `lastEventId` and `reconnectionTime`, and the `trace` (empty unless
 * `trace: true`).
 *
 * ### Trace entries
 * Each processed line yields exactly one entry; in addition a stripped BOM
 * and the end-of-stream discard yield one entry each.
 * - `lineNumber`: 1-based number of the line in the stream. The BOM entry has
 *   number 1 (the line the BOM precedes); `'discarded-at-end'` has the number
 *   the unterminated line would have had.
 * - `line`: the raw line text without its line end (`"\uFEFF"` for the BOM
 *   entry; the unterminated tail, possibly `""`, for `'discarded-at-end'`).
 * - `lineEnd`: `'LF' | 'CRLF' | 'CR'`; `null` for the BOM entry and for
 *   `'discarded-at-end'`.
 * - `offset`: index of the line's first character in the decoded text of the
 *   whole stream, counted in UTF-16 code units and INCLUDING the BOM (so with
 *   a BOM the first line starts at offset 1). For string input this is the
 *   index into the concatenation of all chunks.
 * - `field`, `value`: the field name and value as parsed (value without the
 *   one removed leading space); set for every field line, absent for blank
 *   lines, comments, the BOM and the discard entry.
 * - `event` on `'dispatched'`; `retry` on `'retry-set'`; `lastEventId` (the
 *   last event ID string after the update) on `'dispatched'` and
 *   `'dispatch-skipped-empty-data'`; `pendingBlock` on `'discarded-at-end'`.
 *
 * Action codes (see {@link TraceAction}):
 * `bom-stripped`, `comment`, `data-appended`, `event-type-set`, `id-set`,
 * `id-reset`, `id-ignored-null`, `retry-set`, `retry-ignored-empty`,
 * `retry-ignored-not-digits`, `unknown-field-ignored`, `dispatched`,
 * `dispatch-skipped-empty-data`, `discarded-at-end`.
 */

/** One dispatched event, as a `MessageEvent` would carry it. */
export interface SseEvent {
  /** Event type: the `event` field's value, or `"message"` when it was empty. */
  type: string;
  /** The data buffer without its final LF; lines of multi-line data are joined with LF. */
  data: string;
  /** The last event ID string at the time of dispatch. */
  lastEventId: string;
}

/** How a line ended. */
export type LineEnd = 'LF' | 'CRLF' | 'CR';

/**
 * Machine codes for what the parser did with a line (the playground translates
 * them into explanations):
 * - `bom-stripped`: the one leading U+FEFF BYTE ORDER MARK was removed.
 * - `comment`: the line starts with `:` and was ignored.
 * - `data-appended`: a `data` field; value + LF appended to the data buffer.
 * - `event-type-set`: an `event` field set the event type buffer (`""` means "message").
 * - `id-set`: an `id` field set the last event ID buffer to a non-empty value.
 * - `id-reset`: an `id` field with an empty value reset the last event ID buffer to `""`.
 * - `id-ignored-null`: an `id` field whose value contains U+0000 NULL was ignored.
 * - `retry-set`: a `retry` field of ASCII digits set the reconnection time.
 * - `retry-ignored-empty`: a `retry` field with an empty value was ignored.
 * - `retry-ignored-not-digits`: a `retry` field with a non-digit character was ignored.
 * - `unknown-field-ignored`: any other field name (names are case-sensitive) was ignored.
 * - `dispatched`: a blank line dispatched an event.
 * - `dispatch-skipped-empty-data`: a blank line with an empty data buffer: no event,
 *   but the last event ID string was still updated and the event type buffer reset.
 * - `discarded-at-end`: the stream ended with an unterminated line and/or an event
 *   block without its closing blank line; both were discarded.
 */
export type TraceAction =
  | 'bom-stripped'
  | 'comment'
  | 'data-appended'
  | 'event-type-set'
  | 'id-set'
  | 'id-reset'
  | 'id-ignored-null'
  | 'retry-set'
  | 'retry-ignored-empty'
  | 'retry-ignored-not-digits'
  | 'unknown-field-ignored'
  | 'dispatched'
  | 'dispatch-skipped-empty-data'
  | 'discarded-at-end';

/** One step of the parse, reported to `onTrace`. See the module comment for each field. */
export interface TraceEntry {
  /** 1-based line number. */
  lineNumber: number;
  /** The raw line text without its line end. */
  line: string;
  /** How the line ended; `null` for `bom-stripped` and `discarded-at-end`. */
  lineEnd: LineEnd | null;
  /** Start of the line in the decoded text (UTF-16 code units, the BOM counts). */
  offset: number;
  /** Field name, for field lines. */
  field?: string;
  /** Field value after removing the single leading space, for field lines. */
  value?: string;
  action: TraceAction;
  /** The event, on `dispatched`. */
  event?: SseEvent;
  /** The applied reconnection time, on `retry-set`. */
  retry?: number;
  /** The last event ID string after the update, on `dispatched` and `dispatch-skipped-empty-data`. */
  lastEventId?: string;
  /** On `discarded-at-end`: whether an event block (data, event type or id) was pending. */
  pendingBlock?: boolean;
}

export interface ParserOptions {
  onEvent?: ((event: SseEvent) => void) | undefined;
  onRetry?: ((milliseconds: number) => void) | undefined;
  /** Tracing is on only when this is given. */
  onTrace?: ((entry: TraceEntry) => void) | undefined;
}

const LF = 0x0a;
const SPACE = 0x20;
const COLON = 0x3a;
const BOM = 0xfeff;

/** Input kinds; a stream must stick to one (the decoder state would be wrong otherwise). */
const INPUT_NONE = 0;
const INPUT_BYTES = 1;
const INPUT_TEXT = 2;

// Kept as a constant so the per-chunk decode allocates no options object.
const STREAM_DECODE = { stream: true } as const;

// Line-end codes for the trace, indexed by the small integers the scanner uses.
const LINE_END_NAMES: readonly LineEnd[] = ['LF', 'CRLF', 'CR'];
const END_LF = 0;
const END_CRLF = 1;
const END_CR = 2;

export class EventStreamParser {
  readonly #onEvent: ((event: SseEvent) => void) | undefined;
  readonly #onRetry: ((milliseconds: number) => void) | undefined;
  readonly #onTrace: ((entry: TraceEntry) => void) | undefined;
  readonly #tracing: boolean;

  #input = INPUT_NONE;
  #decoder: TextDecoder | null = null;
  #ended = false;
  // True until the first non-empty decoded text has been seen.
  #atStreamStart = true;

  // [spec: "a data buffer, an event type buffer, and a last event ID buffer …
  // must be initialized to the empty string."] The data buffer is kept as its
  // lines joined by LF plus a count: the spec's buffer is that text plus one
  // final LF, which dispatch strips again, and it is "empty" iff no data line
  // was appended. This avoids building and re-slicing the trailing LF.
  #data = '';
  #dataLines = 0;
  #eventType = '';
  #idBuffer = '';
  // [spec: the event source's "last event ID string"]
  #lastEventId = '';
  #reconnectionTime: number | null = null;

  // Incomplete line carried over between chunks. The usual case, a line
  // split over two chunks, needs one string; a line spanning more chunks
  // collects its fragments in #pendingParts and is joined once when its line
  // end arrives, so a long line streamed in many small chunks costs linear,
  // not quadratic, time.
  #hasPending = false;
  #pending = '';
  #pendingParts: string[] | null = null;
  // The previous chunk ended with a CR that already ended a line; an LF at the
  // start of the next chunk belongs to that CRLF and must not end another line.
  #skipLF = false;
  // Tracing only: the previous chunk ended with a CR whose line is held in
  // #pending until we know whether it is CR or CRLF.
  #heldCR = false;

  // Trace bookkeeping. The two offsets cost one addition per chunk and are
  // always kept; the rest is only written while tracing.
  #textOffset = 0; // decoded code units before the current text chunk
  #pendingOffset = 0; // where the held-over line starts
  #lineNumber = 0;
  #traceLine = '';
  #traceLineEnd: LineEnd | null = null;
  #traceOffset = 0;

  constructor(options: ParserOptions = {}) {
    this.#onEvent = options.onEvent;
    this.#onRetry = options.onRetry;
    this.#onTrace = options.onTrace;
    this.#tracing = options.onTrace !== undefined;
  }

  /** The event source's last event ID string (updated at every blank line). */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** The last reconnection time set by a `retry` field, or `null` if none. */
  get reconnectionTime(): number | null {
    return this.#reconnectionTime;
  }

  /** Parses the next chunk of the stream. */
  feed(chunk: Uint8Array | string): void {
    if (this.#ended) {
      throw new Error('EventStreamParser: feed() was called after end(); use a new parser for a new stream.');
    }
    let text: string;
    if (typeof chunk === 'string') {
      if (this.#input === INPUT_BYTES) {
        throw new Error('EventStreamParser: a string chunk was fed to a stream of byte chunks; feed one kind only.');
      }
      this.#input = INPUT_TEXT;
      text = chunk;
    } else {
      if (!ArrayBuffer.isView(chunk)) {
        throw new TypeError('EventStreamParser: feed() takes a Uint8Array or a string.');
      }
      if (this.#input === INPUT_TEXT) {
        throw new Error('EventStreamParser: a byte chunk was fed to a stream of string chunks; feed one kind only.');
      }
      this.#input = INPUT_BYTES;
      // [spec: "Event streams in this format must always be encoded as UTF-8"
      // and are decoded with "UTF-8 decode", which replaces invalid sequences
      // with U+FFFD.] ignoreBOM keeps the BOM in the text so the one-BOM rule
      // below is applied in a single place for bytes and strings alike;
      // stream:true carries an incomplete character over to the next chunk.
      this.#decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
      text = this.#decoder.decode(chunk, STREAM_DECODE);
    }
    if (text.length !== 0) this.#parseText(text);
  }

  /** Ends the stream: whatever is pending is discarded, as the standard requires. */
  end(): void {
    if (this.#ended) return;
    if (this.#decoder !== null) {
      // An incomplete byte sequence at the very end becomes U+FFFD (UTF-8
      // decode at end of queue); it can only extend the unterminated tail.
      const rest = this.#decoder.decode();
      if (rest.length !== 0) this.#parseText(rest);
    }
    this.#ended = true;

    if (this.#heldCR) {
      // The stream ended right after a CR: [spec: "a single U+000D CARRIAGE
      // RETURN (CR) character not followed by a U+000A LINE FEED (LF)
      // character"] is a line end, so the held line is a complete line.
      this.#heldCR = false;
      const line = this.#takePending();
      this.#traceStart(line, END_CR, this.#pendingOffset);
      this.#processLine(line, 0, line.length);
    }

    // [spec: "Once the end of the file is reached, any pending data must be
    // discarded. (If the file ends in the middle of an event, before the
    // final empty line, the incomplete event is not dispatched.)"] A final
    // line without a line end is not a line at all, so it is not processed.
    const tail = this.#hasPending ? this.#takePending() : '';
    const pendingBlock = this.#dataLines !== 0 || this.#eventType !== '' || this.#idBuffer !== this.#lastEventId;
    if (this.#tracing && (tail.length !== 0 || pendingBlock)) {
      this.#emit({
        lineNumber: this.#lineNumber + 1,
        line: tail,
        lineEnd: null,
        offset: tail.length !== 0 ? this.#pendingOffset : this.#textOffset,
        action: 'discarded-at-end',
        pendingBlock,
      });
    }
    this.#data = '';
    this.#dataLines = 0;
    this.#eventType = '';
    this.#idBuffer = this.#lastEventId;
  }

  #takePending(): string {
    const parts = this.#pendingParts;
    const line = parts === null ? this.#pending : parts.join('');
    this.#hasPending = false;
    this.#pending = '';
    this.#pendingParts = null;
    return line;
  }

  /** Splits decoded text into lines; `text` is never empty. */
  #parseText(text: string): void {
    const length = text.length;
    const tracing = this.#tracing;
    let pos = 0;

    if (this.#atStreamStart) {
      this.#atStreamStart = false;
      // [spec: "The UTF-8 decode algorithm strips one leading UTF-8 Byte
      // Order Mark (BOM), if any."] Only the very first character of the
      // stream qualifies; a second BOM, or one later on, is ordinary text.
      if (text.charCodeAt(0) === BOM) {
        pos = 1;
        if (tracing) {
          this.#emit({ lineNumber: 1, line: '\uFEFF', lineEnd: null, offset: 0, action: 'bom-stripped' });
        }
      }
    }

    if (this.#skipLF) {
      // [spec: CRLF is one line end] even when CR and LF arrive in different chunks.
      this.#skipLF = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    } else if (this.#heldCR) {
      // Tracing only: now we know what followed the CR that ended the held line.
      this.#heldCR = false;
      let kind = END_CR;
      if (text.charCodeAt(0) === LF) {
        kind = END_CRLF;
        pos = 1;
      }
      const line = this.#takePending();
      this.#traceStart(line, kind, this.#pendingOffset);
      this.#processLine(line, 0, line.length);
    }

    // [spec: lines end with "a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF)
    // character pair, a single U+000A LINE FEED (LF) character not preceded by
    // a U+000D CARRIAGE RETURN (CR) character, and a single U+000D CARRIAGE
    // RETURN (CR) character not followed by a U+000A LINE FEED (LF)
    // character".] The next CR and the next LF are located with indexOf and
    // only searched again once passed, so a chunk is scanned once for each
    // (and an LF-only chunk needs a single failed CR search).
    let cr = text.indexOf('\r', pos);
    let lf = text.indexOf('\n', pos);

    while (true) {
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);

      let end: number;
      let next: number;
      let kind: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        if (lf === -1) break;
        end = lf;
        next = lf + 1;
        kind = END_LF;
      } else if (cr + 1 < length) {
        end = cr;
        if (text.charCodeAt(cr + 1) === LF) {
          next = cr + 2;
          kind = END_CRLF;
        } else {
          next = cr + 1;
          kind = END_CR;
        }
      } else if (tracing) {
        // A CR as the chunk's last character: hold the line until the next
        // chunk tells CR from CRLF, so the trace reports the true line end.
        this.#holdPending(text, pos, cr);
        this.#heldCR = true;
        this.#textOffset += length;
        return;
      } else {
        // Same CR, no tracing: the line is complete either way, so process it
        // now (a CR-only server's events are not delayed) and remember to
        // swallow an LF that may open the next chunk.
        end = cr;
        next = length;
        kind = END_CR;
        this.#skipLF = true;
      }

      if (!this.#hasPending) {
        if (tracing) this.#traceStart(text.slice(pos, end), kind, this.#textOffset + pos);
        this.#processLine(text, pos, end);
      } else {
        // The line began in an earlier chunk: join its fragments once.
        const line = this.#pendingParts === null ? this.#pending + text.slice(pos, end) : this.#joinPending(text.slice(pos, end));
        this.#hasPending = false;
        this.#pending = '';
        this.#pendingParts = null;
        if (tracing) this.#traceStart(line, kind, this.#pendingOffset);
        this.#processLine(line, 0, line.length);
      }
      pos = next;
    }

    if (pos < length) this.#holdPending(text, pos, length);
    this.#textOffset += length;
  }

  #joinPending(last: string): string {
    const parts = this.#pendingParts as string[];
    parts.push(last);
    return parts.join('');
  }

  #holdPending(text: string, from: number, to: number): void {
    const fragment = from === 0 && to === text.length ? text : text.slice(from, to);
    if (!this.#hasPending) {
      this.#hasPending = true;
      this.#pending = fragment;
      this.#pendingOffset = this.#textOffset + from;
    } else if (fragment.length !== 0) {
      if (this.#pendingParts === null) this.#pendingParts = [this.#pending, fragment];
      else this.#pendingParts.push(fragment);
    }
  }

  /** Records where the line being processed is, for the trace entries it produces. */
  #traceStart(line: string, kind: number, offset: number): void {
    if (!this.#tracing) return;
    this.#lineNumber++;
    this.#traceLine = line;
    this.#traceLineEnd = LINE_END_NAMES[kind] ?? null;
    this.#traceOffset = offset;
  }

  /** [spec: "Lines must be processed, in the order they are received, as follows"] */
  #processLine(s: string, start: number, end: number): void {
    // [spec: "If the line is empty (a blank line): Dispatch the event"]
    if (start === end) {
      this.#dispatch();
      return;
    }

    const first = s.charCodeAt(start);

    // [spec: "If the line starts with a U+003A COLON character (:): Ignore the line."]
    if (first === COLON) {
      if (this.#tracing) this.#emitLine('comment', undefined, undefined);
      return;
    }

    // Fast path for the most common line, `data:`; it is exactly the
    // "contains a colon" rule below with field = "data". s[end] is the line
    // end (or past the string), never a space, so the space test cannot
    // reach into the next line.
    if (
      first === 0x64 /* d */ &&
      s.charCodeAt(start + 4) === COLON &&
      s.charCodeAt(start + 1) === 0x61 /* a */ &&
      s.charCodeAt(start + 2) === 0x74 /* t */ &&
      s.charCodeAt(start + 3) === 0x61 /* a */
    ) {
      const valueStart = s.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5;
      this.#appendData(s.slice(valueStart, end));
      return;
    }

    // [spec: "If the line contains a U+003A COLON character (:) — Collect the
    // characters on the line before the first U+003A COLON character (:), and
    // let field be that string."] Scanned by hand and bounded by the line end:
    // indexOf(':') could run far past a colon-less line into the rest of the
    // chunk, which over many such lines would be quadratic.
    let colon = start;
    while (colon < end && s.charCodeAt(colon) !== COLON) colon++;

    let field: string;
    let value: string;
    if (colon === end) {
      // [spec: "Otherwise, the string is not empty but does not contain a
      // U+003A COLON character (:) — using the whole line as the field name,
      // and the empty string as the field value."]
      field = s.slice(start, end);
      value = '';
    } else {
      field = s.slice(start, colon);
      // [spec: "Collect the characters on the line after the first U+003A
      // COLON character (:), and let value be that string. If value starts
      // with a U+0020 SPACE character, remove it from value."] One space only.
      let valueStart = colon + 1;
      if (valueStart < end && s.charCodeAt(valueStart) === SPACE) valueStart++;
      value = s.slice(valueStart, end);
    }
    this.#processField(field, value);
  }

  /** [spec: "The steps to process the field given a field name and a field value"] */
  #processField(field: string, value: string): void {
    // [spec: "depend on the field name … Field names must be compared
    // literally, with no case folding performed."]
    switch (field) {
      case 'event':
        // [spec: "Set the event type buffer to the field value."]
        this.#eventType = value;
        if (this.#tracing) this.#emitLine('event-type-set', field, value);
        return;
      case 'data':
        this.#appendData(value);
        return;
      case 'id':
        // [spec: "If the field value does not contain U+0000 NULL, then set
        // the last event ID buffer to the field value. Otherwise, ignore the
        // field."] An empty value therefore resets the buffer to "".
        if (value.indexOf('\0') !== -1) {
          if (this.#tracing) this.#emitLine('id-ignored-null', field, value);
          return;
        }
        this.#idBuffer = value;
        if (this.#tracing) this.#emitLine(value === '' ? 'id-reset' : 'id-set', field, value);
        return;
      case 'retry':
        this.#retry(value);
        return;
      default:
        // [spec: "Otherwise — The field is ignored."]
        if (this.#tracing) this.#emitLine('unknown-field-ignored', field, value);
    }
  }

  #appendData(value: string): void {
    // [spec: "Append the field value to the data buffer, then append a single
    // U+000A LINE FEED (LF) character to the data buffer."] Stored without the
    // final LF (see #data).
    this.#data = this.#dataLines === 0 ? value : `${this.#data}\n${value}`;
    this.#dataLines++;
    if (this.#tracing) this.#emitLine('data-appended', 'data', value);
  }

  #retry(value: string): void {
    // [spec: "If the field value consists of only ASCII digits, then interpret
    // the field value as an integer in base ten, and set the event stream's
    // reconnection time to that integer. Otherwise, ignore the field."] An
    // empty value has no digits to interpret, so it is ignored too.
    const length = value.length;
    if (length === 0) {
      if (this.#tracing) this.#emitLine('retry-ignored-empty', 'retry', value);
      return;
    }
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x30 || c > 0x39) {
        if (this.#tracing) this.#emitLine('retry-ignored-not-digits', 'retry', value);
        return;
      }
    }
    // Base ten, whatever the leading zeros ("007" is 7, "010" is 10).
    const milliseconds = Number(value);
    this.#reconnectionTime = milliseconds;
    if (this.#tracing) this.#emit(this.#lineEntry('retry-set', 'retry', value, { retry: milliseconds }));
    this.#onRetry?.(milliseconds);
  }

  /** [spec: "When the user agent is required to dispatch the event"] */
  #dispatch(): void {
    // [spec step 1: "Set the last event ID string of the event source to the
    // value of the last event ID buffer. The buffer does not get reset"] —
    // before the empty-data check, so a block with only an id still counts.
    const lastEventId = this.#idBuffer;
    this.#lastEventId = lastEventId;

    // [spec step 2: "If the data buffer is an empty string, set the data
    // buffer and the event type buffer to the empty string and return."]
    if (this.#dataLines === 0) {
      this.#eventType = '';
      if (this.#tracing) this.#emit(this.#lineEntry('dispatch-skipped-empty-data', undefined, undefined, { lastEventId }));
      return;
    }

    // [spec step 3: "If the data buffer's last character is a U+000A LINE FEED
    // (LF) character, then remove the last character from the data buffer."]
    // Already done: #data holds the buffer without its final LF.
    // [spec steps 5–6: type "message", or the event type buffer if it is not
    // the empty string; lastEventId is the last event ID string.]
    const event: SseEvent = {
      type: this.#eventType === '' ? 'message' : this.#eventType,
      data: this.#data,
      lastEventId,
    };

    // [spec step 7: "Set the data buffer and the event type buffer to the
    // empty string."] Done before the callback so a throwing callback leaves
    // consistent buffers.
    this.#data = '';
    this.#dataLines = 0;
    this.#eventType = '';

    if (this.#tracing) this.#emit(this.#lineEntry('dispatched', undefined, undefined, { event, lastEventId }));
    this.#onEvent?.(event);
  }

  #emitLine(action: TraceAction, field: string | undefined, value: string | undefined): void {
    this.#emit(this.#lineEntry(action, field, value, undefined));
  }

  #lineEntry(
    action: TraceAction,
    field: string | undefined,
    value: string | undefined,
    extra: Pick<TraceEntry, 'event' | 'retry' | 'lastEventId'> | undefined,
  ): TraceEntry {
    const entry: TraceEntry = {
      lineNumber: this.#lineNumber,
      line: this.#traceLine,
      lineEnd: this.#traceLineEnd,
      offset: this.#traceOffset,
      action,
    };
    if (field !== undefined) entry.field = field;
    if (value !== undefined) entry.value = value;
    if (extra !== undefined) Object.assign(entry, extra);
    return entry;
  }

  #emit(entry: TraceEntry): void {
    this.#onTrace?.(entry);
  }
}

/** Convenience for tests and the playground: parse a whole stream given as chunks. */
export function parseEventStream(
  chunks: Iterable<Uint8Array | string> | Uint8Array | string,
  options: { trace?: boolean | undefined } = {},
): {
  events: SseEvent[];
  retries: number[];
  lastEventId: string;
  reconnectionTime: number | null;
  trace: TraceEntry[];
} {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const trace: TraceEntry[] = [];
  const parser = new EventStreamParser({
    onEvent: (event) => events.push(event),
    onRetry: (milliseconds) => retries.push(milliseconds),
    onTrace: options.trace === true ? (entry) => trace.push(entry) : undefined,
  });
  // A lone string or byte array is one chunk, not an iterable of characters/numbers.
  if (typeof chunks === 'string' || ArrayBuffer.isView(chunks)) {
    parser.feed(chunks);
  } else {
    for (const chunk of chunks) parser.feed(chunk);
  }
  parser.end();
  return {
    events,
    retries,
    lastEventId: parser.lastEventId,
    reconnectionTime: parser.reconnectionTime,
    trace,
  };
}
