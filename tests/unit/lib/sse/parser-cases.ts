/**
 * Conformance cases for the event-stream parser, taken from the WHATWG HTML
 * Living Standard, "Parsing an event stream" and "Interpreting an event stream":
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 *
 * The table is shared: `parser.test.ts` replays every case against our parser
 * (fed whole, one byte/code unit at a time and at seeded random split points),
 * and a browser differential test can replay the same streams against a
 * native `EventSource`. For that use:
 * - `caseBytes(c)` gives the exact bytes to serve (strings are UTF-8 encoded);
 * - `expected.events` are the MessageEvents in order (`type`, `data`,
 *   `lastEventId`); `expected.lastEventId` is the last event ID string at the
 *   end (what a reconnect would send as `Last-Event-ID`);
 *   `expected.reconnectionTime` is not observable from script in a browser;
 * - a case with `chromiumDeviation` is one where Chromium is known to differ
 *   from the standard; the expectation here is the standard's, the field says
 *   what Chromium does instead.
 *
 * This module only imports types, so it loads anywhere (Vitest, Playwright).
 */
import type { SseEvent } from '../../../../src/lib/sse/parser.ts';

export interface ParserCaseExpectation {
  /** Dispatched events, in order. */
  events: readonly SseEvent[];
  /** The last event ID string once the stream has ended. */
  lastEventId: string;
  /** The last applied `retry`, or null. */
  reconnectionTime: number | null;
  /** Every applied `retry`, in order; checked when given. */
  retries?: readonly number[];
}

export interface ParserCase {
  /** What the parser does, as a sentence ("ignores retry unless …"). */
  name: string;
  /** The whole stream: text (served as UTF-8) or raw bytes. */
  input: string | Uint8Array;
  /** A split of `input` that the case is specifically about; fed in addition to the generic splits. */
  chunks?: readonly Uint8Array[];
  expected: ParserCaseExpectation;
  /** Set when Chromium's EventSource is known to deviate from the standard here: what it does instead. */
  chromiumDeviation?: string;
}

/** UTF-8 bytes of a mix of text and raw byte values. */
export function utf8(...parts: readonly (string | readonly number[])[]): Uint8Array {
  const encoder = new TextEncoder();
  const pieces = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : Uint8Array.from(part)));
  const out = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

/** The bytes of a case's stream, as a server would send them. */
export function caseBytes(c: ParserCase): Uint8Array {
  return typeof c.input === 'string' ? utf8(c.input) : c.input;
}

/** A `message` event. */
function msg(data: string, lastEventId = ''): SseEvent {
  return { type: 'message', data, lastEventId };
}

/** An event of the given type. */
function ev(type: string, data: string, lastEventId = ''): SseEvent {
  return { type, data, lastEventId };
}

function expect(
  events: readonly SseEvent[],
  more: { lastEventId?: string; reconnectionTime?: number | null; retries?: readonly number[] } = {},
): ParserCaseExpectation {
  const expectation: ParserCaseExpectation = {
    events,
    lastEventId: more.lastEventId ?? '',
    reconnectionTime: more.reconnectionTime ?? null,
  };
  if (more.retries !== undefined) expectation.retries = more.retries;
  return expectation;
}

const BOM_BYTES = [0xef, 0xbb, 0xbf];

const BAD_RETRY_VALUES = ['5s', '-1', '1.5', '+5', '1e3', ' 5', '5 ', '\uFF15' /* fullwidth 5 */, '0x10', 'five'];

export const parserCases: readonly ParserCase[] = [
  // ── Examples from the standard ────────────────────────────────────────────
  {
    name: 'follows the example from the standard of a stream with a comment, ids and a value keeping one leading space',
    input: ': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n',
    expected: expect([msg('first event', '1'), msg('second event', ''), msg(' third event', '')], { lastEventId: '' }),
  },
  {
    name: 'follows the example from the standard of empty data fields and a final block without blank line',
    input: 'data\n\ndata\ndata\n\ndata:',
    expected: expect([msg(''), msg('\n')]),
  },
  {
    name: 'follows the example from the standard where the space after the colon is optional',
    input: 'data:test\n\ndata: test\n\n',
    expected: expect([msg('test'), msg('test')]),
  },

  // ── Byte order mark ───────────────────────────────────────────────────────
  {
    name: 'strips one leading BOM',
    input: '\uFEFFdata: a\n\n',
    expected: expect([msg('a')]),
  },
  {
    name: 'strips only the first of two leading BOMs, so the second becomes part of the field name',
    input: '\uFEFF\uFEFFdata: a\n\ndata: b\n\n',
    expected: expect([msg('b')]),
  },
  {
    name: 'keeps a BOM that is not at the very start of the stream',
    input: 'data: a\n\n\uFEFFdata: b\n\ndata: \uFEFFc\n\n',
    expected: expect([msg('a'), msg('\uFEFFc')]),
  },
  {
    name: 'strips a BOM whose bytes arrive in separate chunks',
    input: utf8(BOM_BYTES, 'data: a\n\n'),
    chunks: [utf8([0xef]), utf8([0xbb, 0xbf], 'data: a\n\n')],
    expected: expect([msg('a')]),
  },
  {
    name: 'strips a BOM split after its second byte',
    input: utf8(BOM_BYTES, 'data: a\n\n'),
    chunks: [utf8([0xef, 0xbb]), utf8([0xbf]), utf8('data: a\n\n')],
    expected: expect([msg('a')]),
  },
  {
    name: 'treats an LF right after the BOM as a line end',
    input: '\uFEFF\ndata: a\n\n',
    expected: expect([msg('a')]),
    chromiumDeviation:
      'Chromium skips the byte after the BOM when looking for line ends, so the LF becomes part of the next line ("\\ndata: a", an unknown field) and no event is dispatched.',
  },
  {
    name: 'treats a CR right after the BOM as a line end',
    input: '\uFEFF\rdata: a\r\r',
    expected: expect([msg('a')]),
    chromiumDeviation:
      'Chromium skips the byte after the BOM when looking for line ends, so the CR becomes part of the next line ("\\rdata: a", an unknown field) and no event is dispatched.',
  },
  {
    name: 'treats a CRLF right after the BOM as one line end',
    input: '\uFEFF\r\ndata: a\r\n\r\n',
    expected: expect([msg('a')]),
  },
  {
    name: 'produces nothing for a stream that is only a BOM',
    input: '\uFEFF',
    expected: expect([]),
  },
  {
    name: 'does not take the first two bytes of a BOM for a BOM',
    input: utf8([0xef, 0xbb], 'data: a\n\ndata: b\n\n'),
    expected: expect([msg('b')]),
  },

  // ── Line ends ─────────────────────────────────────────────────────────────
  {
    name: 'ends lines at LF',
    input: 'data: a\ndata: b\n\n',
    expected: expect([msg('a\nb')]),
  },
  {
    name: 'ends lines at CRLF',
    input: 'data: a\r\ndata: b\r\n\r\n',
    expected: expect([msg('a\nb')]),
  },
  {
    name: 'ends lines at a bare CR',
    input: 'data: a\rdata: b\r\r',
    expected: expect([msg('a\nb')]),
  },
  {
    name: 'accepts LF, CRLF and CR mixed in one stream',
    input: 'data: a\rdata: b\r\ndata: c\n\r\nevent: x\ndata: d\r\r',
    expected: expect([msg('a\nb\nc'), ev('x', 'd')]),
  },
  {
    name: 'treats a CRLF split across chunks as one line end',
    input: 'data: a\r\ndata: b\r\n\r\n',
    chunks: [utf8('data: a\r'), utf8('\ndata: b\r'), utf8('\n\r'), utf8('\n')],
    expected: expect([msg('a\nb')]),
  },
  {
    name: 'treats CR CR as two line ends, the second ending a blank line',
    input: 'data: a\r\rdata: b\r\r',
    expected: expect([msg('a'), msg('b')]),
  },
  {
    name: 'treats LF CR as two line ends',
    input: 'data: a\n\rdata: b\n\n',
    expected: expect([msg('a'), msg('b')]),
  },
  {
    name: 'treats CRLF LF as a line end followed by a blank line',
    input: 'data: a\r\n\ndata: b\r\n\r\n',
    expected: expect([msg('a'), msg('b')]),
  },
  {
    name: 'ends the last line at a CR that is the last character of the stream',
    input: 'data: a\n\rretry: 5\r',
    expected: expect([msg('a')], { reconnectionTime: 5, retries: [5] }),
  },

  // ── Comments ──────────────────────────────────────────────────────────────
  {
    name: 'ignores comment lines',
    input: ': hello\ndata: a\n: between\ndata: b\n\n',
    expected: expect([msg('a\nb')]),
  },
  {
    name: 'treats a lone colon as a comment, not as a blank line',
    input: 'data: a\n:\ndata: b\n\n',
    expected: expect([msg('a\nb')]),
  },
  {
    name: 'dispatches nothing for comment-only blocks',
    input: ': keep-alive\n\n:\n\n',
    expected: expect([]),
  },
  {
    name: 'ignores field syntax inside a comment',
    input: ':data: x\n\n:id: 1\n\n',
    expected: expect([]),
  },

  // ── Field and value ───────────────────────────────────────────────────────
  {
    name: 'treats a line without a colon as a field name with an empty value',
    input: 'data\n\n',
    expected: expect([msg('')]),
  },
  {
    name: 'removes only one leading space from the value',
    input: 'data:  two spaces\n\ndata:no space\n\ndata: \n\n',
    expected: expect([msg(' two spaces'), msg('no space'), msg('')]),
  },
  {
    name: 'does not remove a leading tab or no-break space from the value',
    input: 'data:\ttab\n\ndata:\u00A0nbsp\n\n',
    expected: expect([msg('\ttab'), msg('\u00A0nbsp')]),
  },
  {
    name: 'keeps trailing spaces in the value',
    input: 'data: a  \n\n',
    expected: expect([msg('a  ')]),
  },
  {
    name: 'splits field name and value at the first colon only',
    input: 'data: a: b:c\n\n',
    expected: expect([msg('a: b:c')]),
  },
  {
    name: 'dispatches an event whose data is the empty string',
    input: 'data:\n\n',
    expected: expect([msg('')]),
  },

  // ── Data ──────────────────────────────────────────────────────────────────
  {
    name: 'joins the values of several data fields with LF',
    input: 'data: a\ndata: b\ndata: c\n\n',
    expected: expect([msg('a\nb\nc')]),
  },
  {
    name: 'keeps an empty data line between others',
    input: 'data: a\ndata:\ndata: b\n\n',
    expected: expect([msg('a\n\nb')]),
  },
  {
    name: 'removes only the one trailing LF from the data buffer',
    input: 'data: a\ndata\n\n',
    expected: expect([msg('a\n')]),
  },
  {
    name: 'keeps the LFs of data fields that are all empty except for the last one removed',
    input: 'data\ndata\ndata\n\n',
    expected: expect([msg('\n\n')]),
  },
  {
    name: 'starts a new data buffer after each dispatch',
    input: 'data: a\n\ndata: b\n\n',
    expected: expect([msg('a'), msg('b')]),
  },
  {
    name: 'keeps U+0000 NULL in data',
    input: 'data: a\u0000b\n\n',
    expected: expect([msg('a\u0000b')]),
  },
  {
    name: 'handles a long data line',
    input: `data: ${'0123456789'.repeat(500)}\n\n`,
    expected: expect([msg('0123456789'.repeat(500))]),
  },

  // ── Event type ────────────────────────────────────────────────────────────
  {
    name: 'sets the event type from the event field',
    input: 'event: ping\ndata: a\n\n',
    expected: expect([ev('ping', 'a')]),
  },
  {
    name: 'uses the last event field of a block',
    input: 'event: first\nevent: second\ndata: a\n\n',
    expected: expect([ev('second', 'a')]),
  },
  {
    name: 'resets the event type after a dispatch',
    input: 'event: ping\ndata: a\n\ndata: b\n\n',
    expected: expect([ev('ping', 'a'), msg('b')]),
  },
  {
    name: 'resets the event type at a blank line even when nothing is dispatched',
    input: 'event: ping\n\ndata: b\n\n',
    expected: expect([msg('b')]),
  },
  {
    name: 'falls back to the type message when the event field is empty',
    input: 'event: ping\nevent:\ndata: a\n\nevent: ping\nevent\ndata: b\n\n',
    expected: expect([msg('a'), msg('b')]),
  },
  {
    name: 'keeps the event type verbatim apart from one leading space',
    input: 'event:  Spaced Name \ndata: a\n\nevent: a\u0000b\ndata: c\n\n',
    expected: expect([ev(' Spaced Name ', 'a'), ev('a\u0000b', 'c')]),
  },

  // ── Last event ID ─────────────────────────────────────────────────────────
  {
    name: 'sets the last event ID from the id field',
    input: 'id: 1\ndata: a\n\n',
    expected: expect([msg('a', '1')], { lastEventId: '1' }),
  },
  {
    name: 'keeps the last event ID for later events',
    input: 'id: 1\ndata: a\n\ndata: b\n\n',
    expected: expect([msg('a', '1'), msg('b', '1')], { lastEventId: '1' }),
  },
  {
    name: 'applies an id that follows the data in the same block',
    input: 'data: a\nid: 2\n\n',
    expected: expect([msg('a', '2')], { lastEventId: '2' }),
  },
  {
    name: 'resets the last event ID with an empty id field',
    input: 'id: 1\ndata: a\n\nid\ndata: b\n\nid: 2\ndata: c\n\nid:\ndata: d\n\n',
    expected: expect([msg('a', '1'), msg('b', ''), msg('c', '2'), msg('d', '')]),
  },
  {
    name: 'ignores an id that contains U+0000 NULL',
    input: 'id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\nid: \u0000\ndata: c\n\n',
    expected: expect([msg('a', '1'), msg('b', '1'), msg('c', '1')], { lastEventId: '1' }),
  },
  {
    name: 'updates the last event ID at a blank line even when no event is dispatched',
    input: 'id: 7\n\n',
    expected: expect([], { lastEventId: '7' }),
  },
  {
    name: 'gives later events an id set by a block without data',
    input: 'id: 7\n\ndata: a\n\n',
    expected: expect([msg('a', '7')], { lastEventId: '7' }),
  },
  {
    name: 'keeps the id verbatim apart from one leading space',
    input: 'id:  x y \ndata: a\n\nid: ü€😀\ndata: b\n\n',
    expected: expect([msg('a', ' x y '), msg('b', 'ü€😀')], { lastEventId: 'ü€😀' }),
  },

  // ── Reconnection time ─────────────────────────────────────────────────────
  {
    name: 'sets the reconnection time from a retry field of ASCII digits, without a blank line',
    input: 'retry: 5000\n',
    expected: expect([], { reconnectionTime: 5000, retries: [5000] }),
  },
  {
    name: 'applies retry even inside a block that is never dispatched',
    input: 'data: a\nretry: 100\n',
    expected: expect([], { reconnectionTime: 100, retries: [100] }),
  },
  {
    name: 'applies every retry field, the last one winning',
    input: 'retry: 1\nretry: 2\ndata: a\n\n',
    expected: expect([msg('a')], { reconnectionTime: 2, retries: [1, 2] }),
  },
  {
    name: 'reads retry digits as base ten, leading zeros included',
    input: 'retry: 007\nretry: 010\n',
    expected: expect([], { reconnectionTime: 10, retries: [7, 10] }),
  },
  {
    name: 'accepts a retry of zero',
    input: 'retry: 0\n',
    expected: expect([], { reconnectionTime: 0, retries: [0] }),
  },
  ...BAD_RETRY_VALUES.map(
    (value): ParserCase => ({
      name: `ignores retry unless the value is ASCII digits: ${JSON.stringify(value)}`,
      input: `retry: 100\nretry: ${value}\n`,
      expected: expect([], { reconnectionTime: 100, retries: [100] }),
    }),
  ),
  {
    name: 'ignores retry with an empty value',
    input: 'retry: 100\nretry:\nretry\n',
    expected: expect([], { reconnectionTime: 100, retries: [100] }),
    chromiumDeviation:
      'Chromium resets the reconnection time to its default (3000 ms) for an empty retry value instead of ignoring the field; only observable through the delay before a reconnect, not through events.',
  },

  // ── Unknown fields and field-name matching ────────────────────────────────
  {
    name: 'ignores unknown fields',
    input: 'foo: bar\ndata: a\nfoo\n\nfoo: bar\n\n',
    expected: expect([msg('a')]),
  },
  {
    name: 'compares field names case-sensitively',
    input: 'Data: a\nDATA: b\nEvent: x\nID: 5\nRetry: 10\n\n',
    expected: expect([]),
  },
  {
    name: 'does not trim spaces around field names',
    input: ' data: a\ndata : b\n\n',
    expected: expect([]),
  },

  // ── Dispatch ──────────────────────────────────────────────────────────────
  {
    name: 'does not dispatch a block whose data buffer is empty',
    input: 'event: x\nid: 1\n\n',
    expected: expect([], { lastEventId: '1' }),
  },
  {
    name: 'dispatches once for several blank lines',
    input: 'data: a\n\n\n\n',
    expected: expect([msg('a')]),
  },
  {
    name: 'does nothing for blank lines before any field',
    input: '\n\n\r\n\rdata: a\n\n',
    expected: expect([msg('a')]),
  },

  // ── End of stream ─────────────────────────────────────────────────────────
  {
    name: 'produces nothing for an empty stream',
    input: '',
    expected: expect([]),
  },
  {
    name: 'discards an event block without its closing blank line',
    input: 'data: a\n\ndata: b\n',
    expected: expect([msg('a')]),
  },
  {
    name: 'does not process an unterminated last line',
    input: 'data: a\n\ndata: b',
    expected: expect([msg('a')]),
  },
  {
    name: 'does not treat the end of the stream as a blank line',
    input: 'data: a\n',
    expected: expect([]),
  },
  {
    name: 'does not apply an unterminated retry line',
    input: 'retry: 5',
    expected: expect([]),
  },
  {
    name: 'does not update the last event ID from a block cut off by the end of the stream',
    input: 'id: 1\n\nid: 2\n',
    expected: expect([], { lastEventId: '1' }),
  },
  {
    name: 'does not update the last event ID from an unterminated id line',
    input: 'id: 1\n\nid: 2',
    expected: expect([], { lastEventId: '1' }),
  },

  // ── UTF-8 decoding ────────────────────────────────────────────────────────
  {
    name: 'decodes a 2-byte character split across chunks',
    input: utf8('data: ü\n\n'),
    chunks: [utf8('data: ', [0xc3]), utf8([0xbc], '\n\n')],
    expected: expect([msg('ü')]),
  },
  {
    name: 'decodes a 3-byte character split across chunks',
    input: utf8('data: €\n\n'),
    chunks: [utf8('data: ', [0xe2]), utf8([0x82]), utf8([0xac], '\n\n')],
    expected: expect([msg('€')]),
  },
  {
    name: 'decodes a 4-byte character split across chunks',
    input: utf8('data: 😀\n\n'),
    chunks: [utf8('data: ', [0xf0, 0x9f]), utf8([0x98, 0x80], '\n\n')],
    expected: expect([msg('😀')]),
  },
  {
    name: 'keeps characters outside the BMP whole in data, event type and id',
    input: 'event: 𝄞\nid: 😀\ndata: a😀b𝄞c\n\n',
    expected: expect([ev('𝄞', 'a😀b𝄞c', '😀')], { lastEventId: '😀' }),
  },
  {
    name: 'replaces an invalid UTF-8 byte with U+FFFD',
    input: utf8('data: a', [0xff], 'b\n\n'),
    expected: expect([msg('a\uFFFDb')]),
  },
  {
    name: 'replaces a lone continuation byte with U+FFFD',
    input: utf8('data: a', [0x80], 'b\n\n'),
    expected: expect([msg('a\uFFFDb')]),
  },
  {
    name: 'replaces a truncated multi-byte sequence with one U+FFFD',
    input: utf8('data: ', [0xe2, 0x82], '\n\n'),
    expected: expect([msg('\uFFFD')]),
  },
  {
    name: 'replaces an overlong encoding byte by byte',
    input: utf8('data: ', [0xc0, 0xaf], '\n\n'),
    expected: expect([msg('\uFFFD\uFFFD')]),
  },
  {
    name: 'replaces an encoded surrogate byte by byte',
    input: utf8('data: ', [0xed, 0xa0, 0x80], '\n\n'),
    expected: expect([msg('\uFFFD\uFFFD\uFFFD')]),
  },
  {
    name: 'does not let an incomplete sequence swallow the line end after it',
    input: utf8('data: a', [0xe2], '\ndata: b\n\n'),
    expected: expect([msg('a\uFFFD\nb')]),
  },
  {
    name: 'makes a field unknown when its name holds an invalid byte',
    input: utf8('data: a\n\nda', [0xff], 'ta: b\n\n'),
    expected: expect([msg('a')]),
  },
  {
    name: 'discards a truncated multi-byte sequence at the end of the stream',
    input: utf8('data: a\n\n', [0xe2, 0x82]),
    expected: expect([msg('a')]),
  },
];
