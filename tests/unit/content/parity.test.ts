import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { locales } from '../../../astro.config.mjs';
import { filesUnder } from '../../helpers/files.ts';
import { pageFiles } from '../../helpers/page-paths.ts';

/**
 * Every page and every UI string exists in every language, at the same slug
 * and under the same key. (The build also refuses an i18n file that lacks a
 * key of en.json; this test names what is missing.)
 */
const docsRoot = 'content/docs';
const otherLocales = Object.keys(locales).filter((key) => key !== 'root');

const rootPages = pageFiles()
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
      const translated = filesUnder(`${docsRoot}/${locale}`, /\.mdx?$/).map((page) => page.replace(/\.mdx?$/, ''));
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
