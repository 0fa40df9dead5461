import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetById } from '../../../src/components/playground/presets.ts';

/** Guides link playground presets by id; a renamed or mistyped id must fail here, not for a reader. */
function pages(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return pages(path);
    return /\.mdx?$/.test(name) ? [path] : [];
  });
}

describe('links to playground presets', () => {
  const links = pages('content/docs').flatMap((page) =>
    [...readFileSync(page, 'utf8').matchAll(/\/playground\/\?preset=([^)\s"'&#]+)/g)].map((match) => ({ page, id: match[1]! })),
  );

  it('exist in the guides', () => {
    expect(links.length).toBeGreaterThan(0);
  });

  it('all name an existing preset', () => {
    expect(links.filter(({ id }) => presetById(id) === undefined)).toEqual([]);
  });
});
