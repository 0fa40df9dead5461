import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEventStream } from '../../../../../src/lib/sse/parser.ts';
import { chunksAt, splitOffsets } from '../../../../../src/components/playground/model/chunking.ts';
import { defaultPresetId, presetById, presetPlan, presets } from '../../../../../src/components/playground/model/presets.ts';
import { playgroundStringKeys } from '../../../../../src/components/playground/playground-strings.ts';

const strings = (lang: string): Record<string, string> => JSON.parse(readFileSync(`content/i18n/${lang}.json`, 'utf8'));

describe('playground presets', () => {
  it('has at least 15 presets with unique kebab-case ids', () => {
    const ids = presets.map((preset) => preset.id);
    expect(ids.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(presetById(defaultPresetId)).toBeDefined();
  });

  for (const lang of ['en', 'de']) {
    it(`has a title and a note for every preset in ${lang}.json`, () => {
      const table = strings(lang);
      for (const { id } of presets) {
        expect(table[`playground.preset.${id}.title`], `${id} title`).toBeTruthy();
        expect(table[`playground.preset.${id}.note`], `${id} note`).toBeTruthy();
      }
    });

    it(`has every string the playground asks for in ${lang}.json`, () => {
      const table = strings(lang);
      expect(playgroundStringKeys.filter((key) => !table[key])).toEqual([]);
    });
  }

  it('parses every preset, with a trace, without throwing', () => {
    for (const { id, stream } of presets) {
      const result = parseEventStream(stream, { trace: true });
      expect(result.trace.length, id).toBeGreaterThan(0);
    }
  });

  it('shows what each mistake preset is about', () => {
    const parse = (id: string) => parseEventStream(presetById(id)!.stream, { trace: true });
    expect(parse('retry-with-unit').reconnectionTime).toBeNull();
    expect(parse('id-with-null').events.map((event) => event.lastEventId)).toEqual(['1', '1']);
    expect(parse('last-block-discarded').events.map((event) => event.data)).toEqual(['dispatched']);
    expect(parse('missing-blank-line').events).toHaveLength(1);
    expect(parse('field-names-case-sensitive').events.map((event) => event.data)).toEqual(['lower case works']);
    expect(parse('cr-line-ends').trace.map((entry) => entry.lineEnd).filter((end) => end !== null && end !== 'CR')).toEqual([]);
    expect(parse('second-bom-kept').events.map((event) => event.data)).toEqual(['kept']);
  });

  describe('what each preset shows, checked against the parser', () => {
    const parse = (id: string) => parseEventStream(presetById(id)!.stream, { trace: true });
    const types = (id: string) => parse(id).events.map((event) => event.type);
    const data = (id: string) => parse(id).events.map((event) => event.data);

    it('an empty event field leaves the type message', () => {
      expect(types('empty-event-type')).toEqual(['message', 'update', 'message']);
    });

    it('an empty retry field changes nothing', () => {
      const result = parse('empty-retry');
      expect(result.reconnectionTime).toBe(10000);
      expect(result.retries).toEqual([10000]);
    });

    it('a space before the colon or before the field name makes the field unknown', () => {
      expect(data('space-before-colon')).toEqual(['only this one counts']);
      expect(parse('indented-lines').events).toEqual([]);
    });

    it('a last line without a line end is never processed', () => {
      expect(data('last-line-without-line-end')).toEqual(['first', 'second']);
    });

    it('only the first colon separates field name and value', () => {
      const { events } = parse('first-colon-splits');
      expect(events.map((event) => event.data)).toEqual([':x', 'https://example.com:8443/feed', 'type a:b']);
      expect(events[2]?.type).toBe('a:b');
    });

    it('an event type keeps its trailing space', () => {
      expect(types('event-name-trailing-space')).toEqual(['update ']);
    });

    it('a heartbeat sent as data reaches onmessage as an event', () => {
      expect(parse('heartbeat-as-data').events.map((event) => [event.type, event.data])).toEqual([
        ['message', 'ping'],
        ['message', '{"n": 1}'],
        ['message', 'ping'],
      ]);
    });

    it('retry takes effect without any event', () => {
      const result = parse('retry-without-event');
      expect(result.events).toEqual([]);
      expect(result.reconnectionTime).toBe(2000);
    });
  });

  describe('presets that carry their chunking', () => {
    for (const [id, splitsInside] of [
      ['crlf-split-across-chunks', (bytes: Uint8Array, at: number) => bytes[at - 1] === 0x0d && bytes[at] === 0x0a],
      // A UTF-8 continuation byte (10xxxxxx) right after the cut: the cut is inside a character.
      ['multi-byte-split-across-chunks', (bytes: Uint8Array, at: number) => (bytes[at]! & 0xc0) === 0x80],
    ] as const) {
      it(`${id} cuts where its name says, and the parser gives the same events as for the whole stream`, () => {
        const preset = presetById(id)!;
        const plan = presetPlan(preset);
        expect(plan).toBeDefined();
        const bytes = new TextEncoder().encode(preset.stream);
        const splits = splitOffsets(bytes, plan!);
        expect(splits.some((at) => splitsInside(bytes, at))).toBe(true);
        const whole = parseEventStream(bytes);
        expect(parseEventStream(chunksAt(bytes, splits)).events).toEqual(whole.events);
        expect(whole.events.length).toBeGreaterThan(0);
      });
    }
  });

  it('shows for invalid UTF-8 exactly what the parser makes of the bytes a server sent', () => {
    const preset = presetById('invalid-utf-8')!;
    expect('sentBytes' in preset).toBe(true);
    const sent = 'sentBytes' in preset ? preset.sentBytes : new Uint8Array();
    // The bytes really are invalid UTF-8 …
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(sent)).toThrow();
    // … and the editor's text is what the parser, fed those bytes, dispatches.
    const fromBytes = parseEventStream(sent);
    expect(fromBytes.events.map((event) => event.data)).toEqual(['Gr\uFFFD\uFFFDe']);
    expect(parseEventStream(preset.stream).events).toEqual(fromBytes.events);
  });
});
