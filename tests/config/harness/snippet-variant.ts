/**
 * A broken variant of a snippet, made from the snippet itself: the page says
 * "the same file without this line", and the test runs exactly that.
 *
 *   const broken = writeSnippetVariant('node/compression-filter.mjs', [
 *     ['compression({ filter: skipEventStreams })', 'compression()'],
 *   ]);
 *   broken.path;     // tests/.tmp/…/compression-filter.mjs
 *   broken.remove();
 *
 * The copy is written under tests/.tmp/ (git-ignored), inside the repository,
 * so its imports of npm packages resolve to the repository's node_modules as
 * they do for the snippet. Each replacement must match exactly once, so a
 * snippet edit that removes the line makes the test fail instead of
 * silently running the fixed file.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snippet, snippetPath } from '../../helpers/snippets.ts';

export const scratchRoot = fileURLToPath(new URL('../../.tmp/', import.meta.url));

export interface SnippetVariant {
  /** Absolute path of the changed copy. */
  readonly path: string;
  remove(): void;
}

export function replaceOnce(text: string, from: string, to: string, where: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`${where} must contain ${JSON.stringify(from)} exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Makes a world-readable scratch folder under tests/.tmp/ (servers may run as another user). */
export function scratchDir(prefix: string): string {
  mkdirSync(scratchRoot, { recursive: true });
  const dir = mkdtempSync(join(scratchRoot, `${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

export function writeSnippetVariant(name: string, replacements: ReadonlyArray<readonly [string, string]>): SnippetVariant {
  let text = snippet(name);
  for (const [from, to] of replacements) text = replaceOnce(text, from, to, `src/snippets/${name}`);
  const dir = scratchDir('variant');
  const path = join(dir, basename(snippetPath(name)));
  writeFileSync(path, text);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
