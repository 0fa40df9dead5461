import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEventStream } from '../../src/lib/sse/parser.ts';
import { defaultPresetId, presetById, presets } from '../../src/components/playground/presets.ts';
import { playgroundStringKeys } from '../../src/components/playground/playground-strings.ts';

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
});
