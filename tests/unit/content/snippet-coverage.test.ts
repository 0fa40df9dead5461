/**
 * Every file under src/snippets/ is something a page shows and a reader
 * copies; each must be run by a test. A test names the file it runs in full
 * (snippet('nginx/sse-proxy.conf'), see tests/helpers/snippets.ts), so this
 * check is a search: a snippet that no test file names is a file nobody runs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../../helpers/files.ts';

const snippets = filesUnder('src/snippets', /./);
const testSources = filesUnder('tests', /\.(ts|tsx|mjs|js)$/).map((file) => readFileSync(`tests/${file}`, 'utf8'));

describe('snippets run by tests', () => {
  it('finds the snippets', () => {
    expect(snippets.length).toBeGreaterThan(20);
  });

  it('every file under src/snippets/ is named in full by a test', () => {
    const unnamed = snippets.filter((name) => !testSources.some((source) => source.includes(name)));
    expect(unnamed).toEqual([]);
  });
});
