/**
 * Server configs and scripts in the pages are files under src/snippets/ that
 * the config tests run, imported with ?raw. A fenced code block of Apache,
 * nginx, PHP or ini text written straight into a page would be a copy that
 * nobody tests; this test refuses it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const untestedLanguages = /^\s*(`{3,}|~{3,})\s*(apache|apacheconf|nginx|php|ini)\b/im;

function pages(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return pages(path);
    return /\.mdx?$/.test(name) ? [path] : [];
  });
}

describe('server configs in pages', () => {
  for (const page of pages('content/docs')) {
    it(`${page} shows Apache, nginx, PHP and ini code only from snippet files`, () => {
      expect(readFileSync(page, 'utf8')).not.toMatch(untestedLanguages);
    });
  }
});
