/**
 * Server configs, scripts and shell commands in the pages are files under
 * src/snippets/ that the tests run, imported with ?raw. A fenced code block
 * of Apache, nginx, PHP, ini, Python, Go or shell text written straight into
 * a page would be a copy that nobody tests; this test refuses it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageFiles } from '../../helpers/page-paths.ts';

const untestedLanguages = /^\s*(`{3,}|~{3,})\s*(apache|apacheconf|nginx|php|ini|python|py|go|golang)\b/im;
const untestedShell = /^\s*(`{3,}|~{3,})\s*(sh|bash|shell|zsh|console)\b/im;

describe('server configs and shell commands in pages', () => {
  for (const file of pageFiles()) {
    const page = `content/docs/${file}`;
    it(`${page} shows Apache, nginx, PHP, ini, Python and Go code only from snippet files`, () => {
      expect(readFileSync(page, 'utf8')).not.toMatch(untestedLanguages);
    });
    it(`${page} shows shell commands only from snippet files`, () => {
      expect(readFileSync(page, 'utf8')).not.toMatch(untestedShell);
    });
  }
});
