/**
 * Conformance tests for src/lib/sse/parser.ts against the WHATWG rules for
 * parsing and interpreting an event stream. Every case of the shared table
 * (parser-cases.ts) is fed whole, one byte (or UTF-16 code unit) at a time
 * and at seeded random split points, as bytes and — for text cases — as
 * strings; the result must be the same every time, and so must the trace.
 */
import { describe, expect, it } from 'vitest';
import { EventStreamParser, parseEventStream, type SseEvent, type TraceEntry } from '../../../../src/lib/sse/parser.ts';
import { caseBytes, parserCases, utf8, type ParserCase } from './parser-cases.ts';
import { prng } from '../../../helpers/prng.ts';

type Chunk = string | Uint8Array;

const SEEDS = [1, 7, 42, 1234, 20240601];

function slice<T extends Chunk>(input: T, start: number, end: number): T {
  return (typeof input === 'string' ? input.slice(start, end) : input.subarray(start, end)) as T;
}

/** Cuts the input at the given (sorted, distinct, inner) positions. */
function splitAt<T extends Chunk>(input: T, cuts: readonly number[]): T[] {
  const chunks: T[] = [];
  let start = 0;
  for (const cut of [...cuts, input.length]) {
    chunks.push(slice(input, start, cut));
    start = cut;
  }
  return chunks;
}

function oneUnitAtATime<T extends Chunk>(input: T): T[] {
  return Array.from({ length: input.length }, (_, i) => slice(input, i, i + 1));
}

/** Between one and a dozen cut points chosen by the seeded PRNG (an empty chunk now and then, too). */
function randomSplit<T extends Chunk>(input: T, seed: number): T[] {
  const random = prng(seed);
  if (input.length < 2) return [input];
  const count = 1 + Math.floor(random() * Math.min(12, input.length - 1));
  const cuts = new Set<number>();
  while (cuts.size < count) cuts.add(1 + Math.floor(random() * (input.length - 1)));
  const chunks = splitAt(
    input,
    [...cuts].sort((a, b) => a - b),
  );
  // An empty chunk must change nothing, wherever it falls.
  chunks.splice(Math.floor(random() * chunks.length), 0, slice(input, 0, 0));
  return chunks;
}

interface Feeding {
  label: string;
  chunks: Chunk[];
}

function feedings(c: ParserCase): Feeding[] {
  const bytes = caseBytes(c);
  const out: Feeding[] = [
    { label: 'bytes fed whole', chunks: [bytes] },
    { label: 'bytes fed one at a time', chunks: oneUnitAtATime(bytes) },
    ...SEEDS.map((seed) => ({ label: `bytes split with seed ${seed}`, chunks: randomSplit(bytes, seed) })),
  ];
  if (c.chunks !== undefined) out.push({ label: 'bytes in the chunks the case lists', chunks: [...c.chunks] });
  if (typeof c.input === 'string') {
    const text = c.input;
    out.push(
      { label: 'text fed whole', chunks: [text] },
      { label: 'text fed one code unit at a time', chunks: oneUnitAtATime(text) },
      ...SEEDS.map((seed) => ({ label: `text split with seed ${seed}`, chunks: randomSplit(text, seed) })),
    );
  }
  return out;
}

function observable(result: ReturnType<typeof parseEventStream>, withRetries: boolean) {
  return {
    events: result.events,
    lastEventId: result.lastEventId,
    reconnectionTime: result.reconnectionTime,
    ...(withRetries ? { retries: result.retries } : {}),
  };
}

describe('event-stream conformance (WHATWG "Parsing an event stream")', () => {
  for (const c of parserCases) {
    describe(c.name, () => {
      const expected = {
        events: c.expected.events,
        lastEventId: c.expected.lastEventId,
        reconnectionTime: c.expected.reconnectionTime,
        ...(c.expected.retries !== undefined ? { retries: c.expected.retries } : {}),
      };
      const withRetries = c.expected.retries !== undefined;
      const all = feedings(c);

      it('gives the expected events when fed whole', () => {
        for (const feeding of all.filter((f) => f.label.endsWith('fed whole'))) {
          expect(observable(parseEventStream(feeding.chunks), withRetries), feeding.label).toEqual(expected);
        }
      });

      it('gives the same result fed one byte (or code unit) at a time', () => {
        for (const feeding of all.filter((f) => f.label.includes('at a time'))) {
          expect(observable(parseEventStream(feeding.chunks), withRetries), feeding.label).toEqual(expected);
        }
      });

      it('gives the same result at seeded random split points', () => {
        for (const feeding of all.filter((f) => f.label.includes('seed') || f.label.includes('the case lists'))) {
          expect(observable(parseEventStream(feeding.chunks), withRetries), feeding.label).toEqual(expected);
        }
      });

      it('gives the same trace and events with tracing on, however the stream is split', () => {
        const reference = parseEventStream([caseBytes(c)], { trace: true });
        expect(observable(reference, withRetries)).toEqual(expected);
        for (const feeding of all) {
          const traced = parseEventStream(feeding.chunks, { trace: true });
          expect(traced.trace, feeding.label).toEqual(reference.trace);
          expect(observable(traced, withRetries), feeding.label).toEqual(expected);
        }
      });
    });
  }

  it('lists, for every case with a split of its own, chunks that add up to the input', () => {
    for (const c of parserCases.filter((x) => x.chunks !== undefined)) {
      expect(utf8(...(c.chunks ?? []).map((chunk) => [...chunk])), c.name).toEqual(caseBytes(c));
    }
  });

  it('has unique case names', () => {
    const names = parserCases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

/**
 * A deliberately naive second reading of the standard: decode everything,
 * strip one BOM, split on CRLF | LF | CR, drop the unterminated last piece,
 * then apply the field rules with the spec's own buffers (data buffer with a
 * trailing LF). Used as an oracle for randomly generated streams.
 */
function referenceParse(bytes: Uint8Array) {
  let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const lines = text.split(/\r\n|\r|\n/);
  lines.pop();
  const events: SseEvent[] = [];
  const retries: number[] = [];
  let data = '';
  let type = '';
  let idBuffer = '';
  let lastEventId = '';
  let reconnectionTime: number | null = null;
  for (const line of lines) {
    if (line === '') {
      lastEventId = idBuffer;
      if (data !== '') events.push({ type: type || 'message', data: data.slice(0, -1), lastEventId });
      data = '';
      type = '';
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data += `${value}\n`;
    else if (field === 'id' && !value.includes('\0')) idBuffer = value;
    else if (field === 'retry' && /^[0-9]+$/.test(value)) {
      reconnectionTime = Number.parseInt(value, 10);
      retries.push(reconnectionTime);
    }
  }
  return { events, retries, lastEventId, reconnectionTime };
}

const TOKENS = [
  'data', 'data', 'data:', 'data: ', 'event:', 'event: ', 'id:', 'id: ', 'id', 'retry:', 'retry: ', 'Data:', 'foo:',
  ':', ' ', '  ', 'x', 'yz', '0', '42', '007', '-1', 'ü', '€', '😀', '\0', '\uFEFF',
  '\n', '\n', '\n', '\r', '\r\n', '\n\n', '\r\r',
];

function randomStream(random: () => number): Uint8Array {
  const parts: (string | number[])[] = [];
  if (random() < 0.2) parts.push('\uFEFF');
  const count = Math.floor(random() * 60);
  for (let i = 0; i < count; i++) {
    if (random() < 0.03) parts.push([0x80 + Math.floor(random() * 0x80)]); // a stray non-ASCII byte
    else parts.push(TOKENS[Math.floor(random() * TOKENS.length)] as string);
  }
  return utf8(...parts);
}

describe('random streams against a naive reading of the standard', () => {
  it('agrees with the oracle for 500 seeded random streams, whole and split', () => {
    const random = prng(0xc0ffee);
    for (let n = 0; n < 500; n++) {
      const bytes = randomStream(random);
      const expected = referenceParse(bytes);
      const label = `stream #${n}: ${JSON.stringify(new TextDecoder().decode(bytes))}`;
      const whole = parseEventStream([bytes]);
      expect({ ...whole, trace: undefined }, label).toEqual({ ...expected, trace: undefined });
      for (const seed of [n, n + 1000]) {
        const split = parseEventStream(randomSplit(bytes, seed));
        expect({ ...split, trace: undefined }, `${label} split ${seed}`).toEqual({ ...expected, trace: undefined });
        const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
        const textSplit = parseEventStream(randomSplit(text, seed), { trace: true });
        expect({ ...textSplit, trace: undefined }, `${label} text split ${seed}`).toEqual({ ...expected, trace: undefined });
      }
    }
  });
});

function actions(trace: readonly TraceEntry[]): string[] {
  return trace.map((t) => t.action);
}

describe('trace', () => {
  it('reports one machine-coded action per line', () => {
    const stream =
      '\uFEFF: hi\ndata: a\nevent: e\nid: 1\nid\nid: \u0000\nretry: 10\nretry: x\nretry:\nfoo: bar\n\n\nid: 2\ndata: b';
    const { trace } = parseEventStream([stream], { trace: true });
    expect(actions(trace)).toEqual([
      'bom-stripped',
      'comment',
      'data-appended',
      'event-type-set',
      'id-set',
      'id-reset',
      'id-ignored-null',
      'retry-set',
      'retry-ignored-not-digits',
      'retry-ignored-empty',
      'unknown-field-ignored',
      'dispatched',
      'dispatch-skipped-empty-data',
      'id-set',
      'discarded-at-end',
    ]);
    expect(trace.map((t) => t.lineNumber)).toEqual([1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('reports field and value as parsed, without the one leading space', () => {
    const { trace } = parseEventStream(['data:  x\nevent:y\nid\nfoo: bar: baz\n:c\n\n'], { trace: true });
    expect(trace.map((t) => [t.field, t.value])).toEqual([
      ['data', ' x'],
      ['event', 'y'],
      ['id', ''],
      ['foo', 'bar: baz'],
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(trace[0]).toEqual({
      lineNumber: 1,
      line: 'data:  x',
      lineEnd: 'LF',
      offset: 0,
      field: 'data',
      value: ' x',
      action: 'data-appended',
    });
  });

  it('reports LF, CRLF and CR line ends, also for a CRLF split across chunks', () => {
    const { trace } = parseEventStream(['data: a\n', 'data: b\r', '\ndata: c\r', 'data: d\r\n', '\r'], {
      trace: true,
    });
    expect(trace.map((t) => [t.line, t.lineEnd])).toEqual([
      ['data: a', 'LF'],
      ['data: b', 'CRLF'],
      ['data: c', 'CR'],
      ['data: d', 'CRLF'],
      ['', 'CR'],
    ]);
  });

  it('reports offsets in UTF-16 code units of the decoded text, counting the BOM', () => {
    const { trace } = parseEventStream([utf8([0xef, 0xbb, 0xbf], 'data: ü😀\r\nid: 1\n\n')], { trace: true });
    expect(trace.map((t) => [t.action, t.offset, t.lineNumber])).toEqual([
      ['bom-stripped', 0, 1],
      ['data-appended', 1, 1],
      ['id-set', 12, 2],
      ['dispatched', 18, 3],
    ]);
    expect(trace[0]).toEqual({ lineNumber: 1, line: '\uFEFF', lineEnd: null, offset: 0, action: 'bom-stripped' });
  });

  it('reports the event and the last event ID with a dispatch', () => {
    const { trace } = parseEventStream(['id: 9\nevent: t\ndata: x\n\nid: 10\n\n'], { trace: true });
    const dispatched = trace.find((t) => t.action === 'dispatched');
    expect(dispatched?.event).toEqual({ type: 't', data: 'x', lastEventId: '9' });
    expect(dispatched?.lastEventId).toBe('9');
    const skipped = trace.find((t) => t.action === 'dispatch-skipped-empty-data');
    expect(skipped?.lastEventId).toBe('10');
    expect(skipped?.event).toBeUndefined();
  });

  it('reports the applied retry value', () => {
    const { trace } = parseEventStream(['retry: 0042\n'], { trace: true });
    expect(trace).toEqual([
      {
        lineNumber: 1,
        line: 'retry: 0042',
        lineEnd: 'LF',
        offset: 0,
        field: 'retry',
        value: '0042',
        action: 'retry-set',
        retry: 42,
      },
    ]);
  });

  it('reports an unterminated last line as discarded at the end, with no line end', () => {
    const { trace } = parseEventStream(['data: a\n\ndata: b'], { trace: true });
    expect(trace.at(-1)).toEqual({
      lineNumber: 3,
      line: 'data: b',
      lineEnd: null,
      offset: 9,
      action: 'discarded-at-end',
      pendingBlock: false,
    });
  });

  it('reports a block without its closing blank line as discarded at the end', () => {
    const { trace } = parseEventStream(['data: a\n'], { trace: true });
    expect(trace.at(-1)).toEqual({
      lineNumber: 2,
      line: '',
      lineEnd: null,
      offset: 8,
      action: 'discarded-at-end',
      pendingBlock: true,
    });
    expect(parseEventStream(['id: 3\n'], { trace: true }).trace.at(-1)?.pendingBlock).toBe(true);
    expect(parseEventStream(['event: x\n'], { trace: true }).trace.at(-1)?.pendingBlock).toBe(true);
  });

  it('reports an incomplete UTF-8 sequence at the end as U+FFFD in the discarded tail', () => {
    const { trace } = parseEventStream([utf8('data: a\n\nx', [0xe2, 0x82])], { trace: true });
    expect(trace.at(-1)).toMatchObject({ action: 'discarded-at-end', line: 'x\uFFFD', lineNumber: 3, offset: 9 });
  });

  it('reports nothing at the end when nothing is pending', () => {
    for (const stream of ['data: a\n\n', 'retry: 5\n', ': comment\n', 'id: 1\n\nid: 1\n', '']) {
      expect(actions(parseEventStream([stream], { trace: true }).trace), stream).not.toContain('discarded-at-end');
    }
  });

  it('collects no trace when tracing is off', () => {
    expect(parseEventStream(['data: a\n\nfoo'], {}).trace).toEqual([]);
  });
});

describe('EventStreamParser', () => {
  it('starts with an empty last event ID and no reconnection time', () => {
    const parser = new EventStreamParser();
    expect(parser.lastEventId).toBe('');
    expect(parser.reconnectionTime).toBeNull();
  });

  it('calls onEvent and onRetry as the lines arrive, and updates the getters live', () => {
    const seen: (SseEvent | number)[] = [];
    const parser = new EventStreamParser({ onEvent: (e) => seen.push(e), onRetry: (ms) => seen.push(ms) });
    parser.feed('retry: 10\nid: a\ndata: 1\n');
    expect(seen).toEqual([10]);
    expect(parser.reconnectionTime).toBe(10);
    expect(parser.lastEventId).toBe('');
    parser.feed('\n');
    expect(seen).toEqual([10, { type: 'message', data: '1', lastEventId: 'a' }]);
    expect(parser.lastEventId).toBe('a');
    parser.end();
  });

  it('dispatches as soon as the CR of a blank line arrives, without waiting for the next chunk', () => {
    const events: SseEvent[] = [];
    const parser = new EventStreamParser({ onEvent: (e) => events.push(e) });
    parser.feed('data: a\r\r');
    expect(events).toHaveLength(1);
    parser.feed('\ndata: b\r\n\r\n');
    expect(events).toEqual([
      { type: 'message', data: 'a', lastEventId: '' },
      { type: 'message', data: 'b', lastEventId: '' },
    ]);
  });

  it('holds a chunk-final CR line while tracing, until the next chunk shows whether LF follows', () => {
    const events: SseEvent[] = [];
    const trace: TraceEntry[] = [];
    const parser = new EventStreamParser({ onEvent: (e) => events.push(e), onTrace: (t) => trace.push(t) });
    parser.feed('data: a\r\r');
    expect(events).toHaveLength(0);
    parser.feed('\n');
    expect(events).toHaveLength(1);
    expect(trace.at(-1)?.lineEnd).toBe('CRLF');
    parser.feed('data: b\r\r');
    parser.end();
    expect(events).toHaveLength(2);
    expect(trace.at(-1)?.lineEnd).toBe('CR');
  });

  it('keeps the CRLF pair together across an empty chunk', () => {
    for (const trace of [false, true]) {
      const result = parseEventStream(['data: a\r', '', '\ndata: b\r\n\r\n'], { trace });
      expect(result.events).toEqual([{ type: 'message', data: 'a\nb', lastEventId: '' }]);
    }
    const bytes = parseEventStream([utf8('data: a\r'), new Uint8Array(0), utf8('\ndata: b\r\n\r\n')]);
    expect(bytes.events).toEqual([{ type: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  it('joins a long line that arrives in many small chunks', () => {
    const payload = 'x'.repeat(200_000);
    const chunks = [...`data: ${payload}\n\n`.matchAll(/[^]{1,7}/g)].map((m) => m[0]);
    const { events } = parseEventStream(chunks);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toBe(payload);
  });

  it('accepts a lone string or byte array as the whole stream', () => {
    expect(parseEventStream('data: a\n\n').events).toEqual([{ type: 'message', data: 'a', lastEventId: '' }]);
    expect(parseEventStream(utf8('data: b\n\n')).events).toEqual([{ type: 'message', data: 'b', lastEventId: '' }]);
  });

  it('throws when string and byte chunks are mixed in one stream', () => {
    const textFirst = new EventStreamParser();
    textFirst.feed('data: a');
    expect(() => textFirst.feed(utf8('\n\n'))).toThrow(/string chunks/);
    const bytesFirst = new EventStreamParser();
    bytesFirst.feed(utf8('data: a'));
    expect(() => bytesFirst.feed('\n\n')).toThrow(/byte chunks/);
  });

  it('throws when fed after end(), and treats a second end() as a no-op', () => {
    const parser = new EventStreamParser();
    parser.feed('data: a\n\n');
    parser.end();
    expect(() => parser.end()).not.toThrow();
    expect(() => parser.feed('data: b\n\n')).toThrow(/after end\(\)/);
  });

  it('discards pending data at end() without dispatching it', () => {
    const events: SseEvent[] = [];
    const parser = new EventStreamParser({ onEvent: (e) => events.push(e) });
    parser.feed('id: 5\ndata: a\n');
    parser.end();
    expect(events).toEqual([]);
    expect(parser.lastEventId).toBe('');
  });
});
