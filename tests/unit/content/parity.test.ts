import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales } from '../../../astro.config.mjs';

/**
 * Every page and every UI string exists in every language, at the same slug
 * and under the same key. (The build also refuses an i18n file that lacks a
 * key of en.json; this test names what is missing.)
 */
const docsRoot = 'content/docs';
const otherLocales = Object.keys(locales).filter((key) => key !== 'root');

function pagesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return pagesUnder(path);
    return /\.mdx?$/.test(name) ? [relative(folder, path)] : [];
  });
}

const rootPages = pagesUnder(docsRoot)
  .filter((page) => !otherLocales.some((locale) => page.startsWith(`${locale}/`)))
  .map((page) => page.replace(/\.mdx?$/, ''));

function strings(lang: string): Record<string, string> {
  return JSON.parse(readFileSync(`content/i18n/${lang}.json`, 'utf8'));
}

describe('bilingual parity', () => {
  it('has German as a locale besides the English root', () => {
    expect(otherLocales).toEqual(['de']);
    expect(rootPages.length).toBeGreaterThan(0);
  });

  for (const locale of otherLocales) {
    it(`every English page has a ${locale} page at the same slug, and the other way round`, () => {
      const translated = pagesUnder(join(docsRoot, locale)).map((page) => page.replace(/\.mdx?$/, ''));
      expect({ missingIn: locale, pages: rootPages.filter((page) => !translated.includes(page)) }).toEqual({ missingIn: locale, pages: [] });
      expect({ onlyIn: locale, pages: translated.filter((page) => !rootPages.includes(page)) }).toEqual({ onlyIn: locale, pages: [] });
    });

    it(`every UI string exists in en.json and ${locale}.json, and none is empty`, () => {
      const lang = locales[locale as keyof typeof locales].lang;
      const english = strings('en');
      const other = strings(lang);
      expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
      for (const [key, value] of Object.entries(other)) expect(value.trim(), key).not.toBe('');
    });
  }
});
