import { test as base, expect } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Tests navigate relative to the server global-setup.ts started. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env['E2E_BASE_URL'];
    if (!url) throw new Error('E2E_BASE_URL is not set: run the e2e tests through `npx playwright test`.');
    await use(url);
  },
});
export { expect };

const docsRoot = 'content/docs';

function pageFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return pageFiles(path);
    return /\.mdx?$/.test(name) ? [relative(docsRoot, path)] : [];
  });
}

/** The URL path of every page of the site, both languages: `/`, `/de/start/quick-start/`, … */
export function allPagePaths(): string[] {
  return pageFiles(docsRoot).map((file) => {
    const slug = file.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
    return slug === '' ? '/' : `/${slug}/`;
  });
}

/** Waits until every island on the page has hydrated (Astro drops the `ssr` attribute then). */
export async function islandsHydrated(page: import('@playwright/test').Page): Promise<void> {
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
}
