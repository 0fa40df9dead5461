import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageFiles } from '../../helpers/page-paths.ts';
import { presetById } from '../../../src/components/playground/model/presets.ts';

/** Guides link playground presets by id; a renamed or mistyped id must fail here, not for a reader. */
describe('links to playground presets', () => {
  const links = pageFiles().map((file) => `content/docs/${file}`).flatMap((page) =>
    [...readFileSync(page, 'utf8').matchAll(/\/playground\/\?preset=([^)\s"'&#]+)/g)].map((match) => ({ page, id: match[1]! })),
  );

  it('exist in the guides', () => {
    expect(links.length).toBeGreaterThan(0);
  });

  it('all name an existing preset', () => {
    expect(links.filter(({ id }) => presetById(id) === undefined)).toEqual([]);
  });
});
