/**
 * The files under src/snippets/ that the pages show, named the way a page
 * imports them: snippet('nginx/sse-proxy.conf'). Tests always write the
 * whole name, never build it from parts, so `grep -r nginx/sse-proxy.conf
 * tests` finds every test of a file (tests/unit/content/snippet-coverage.test.ts
 * fails for a snippet that no test names).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const snippetsRoot = new URL('../../src/snippets/', import.meta.url);

/** The absolute path of a snippet; throws for a name that is not one. */
export function snippetPath(name: string): string {
  const path = fileURLToPath(new URL(name, snippetsRoot));
  if (!existsSync(path)) throw new Error(`No snippet src/snippets/${name}`);
  return path;
}

/** A snippet's text, byte for byte what its copy button gives. */
export function snippet(name: string): string {
  return readFileSync(snippetPath(name), 'utf8');
}
