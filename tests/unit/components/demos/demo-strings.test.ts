import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownKeys, pickDemoStrings, type DemoName } from '../../../../src/components/demos/demo-strings.ts';

const names = Object.keys(ownKeys) as DemoName[];

describe('the demo strings', () => {
  it.each(names)("keeps %s's own keys under demo.<name>., the prefix DemoFrame finds its caption and explainer by", (name) => {
    expect(ownKeys[name].filter((key) => !key.startsWith(`demo.${name}.`))).toEqual([]);
    expect(ownKeys[name]).toEqual(expect.arrayContaining([`demo.${name}.caption`, `demo.${name}.explainer`]));
  });

  it.each(['en', 'de'])('finds every key of every demo in content/i18n/%s.json', (lang) => {
    const table: Record<string, string> = JSON.parse(readFileSync(`content/i18n/${lang}.json`, 'utf8'));
    const strings = pickDemoStrings((key) => table[key] ?? `missing: ${key}`, ...names);
    expect(Object.values(strings).filter((text) => text.startsWith('missing: '))).toEqual([]);
  });
});
