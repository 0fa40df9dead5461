import { readFileSync } from 'node:fs';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { guideSections, localizeFix } from '../../../../src/lib/doctor/guide-links.ts';

/** Heading anchors of a docs page, as Astro derives them (github-slugger over the heading text). */
function anchors(lang: 'en' | 'de', path: string): string[] {
  const file = new URL(`../../../../content/docs/${lang === 'de' ? 'de/' : ''}${path.replace(/^\/|\/$/g, '')}.mdx`, import.meta.url);
  const slugger = new GithubSlugger();
  return [...readFileSync(file, 'utf8').matchAll(/^#{2,6} (.+)$/gm)].map((match) => slugger.slug(match[1]!.replace(/`/g, '')));
}

describe('the guide sections findings link to', () => {
  for (const [name, { path, en, de }] of Object.entries(guideSections)) {
    it(`${name}: ${path}#${en} exists in English and German`, () => {
      expect(anchors('en', path)).toContain(en);
      expect(anchors('de', path)).toContain(de);
    });
  }

  it('a fix becomes the German page with its German anchor', () => {
    expect(localizeFix('/protocol/http/#status-codes', 'de')).toBe('/de/protocol/http/#statuscodes');
    expect(localizeFix('/protocol/http/#status-codes', 'en')).toBe('/protocol/http/#status-codes');
  });
});
