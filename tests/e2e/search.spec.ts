import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/**
 * Search (Pagefind, in the production build) answers in the language of the
 * page: its index is split by the pages' lang, and its interface strings come
 * from content/i18n (Pagefind's own language detection never runs in its npm
 * build, so without them every label stays English).
 */
async function search(page: Page, home: string, query: string) {
  await page.goto(home);
  await page.locator('site-search button[data-open-modal]').click();
  const dialog = page.locator('dialog[open]');
  await dialog.locator('.pagefind-ui__search-input').fill(query);
  const results = dialog.locator('.pagefind-ui__result-link');
  await expect(results.first()).toBeVisible();
  const paths = await results.evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
  return { dialog, paths };
}

test('a German query on the German home page finds German pages, in a German search dialog', async ({ page }) => {
  const { dialog, paths } = await search(page, '/de/', 'Verbindung');
  expect(paths.length).toBeGreaterThan(0);
  for (const path of paths) expect(path).toMatch(/^\/de\//);
  await expect(dialog.locator('form[role="search"]')).toHaveAttribute('aria-label', 'Diese Website durchsuchen');
  await expect(dialog.locator('.pagefind-ui__message')).toHaveText(/^\d+ Ergebnis(se)? für Verbindung$/);
  await expect(dialog.locator('.pagefind-ui__search-clear')).toHaveText('Löschen');
});

test('an English query on the English home page finds English pages, in an English search dialog', async ({ page }) => {
  const { dialog, paths } = await search(page, '/', 'connection');
  expect(paths.length).toBeGreaterThan(0);
  for (const path of paths) expect(path).not.toMatch(/^\/de\//);
  await expect(dialog.locator('form[role="search"]')).toHaveAttribute('aria-label', 'Search this site');
  await expect(dialog.locator('.pagefind-ui__message')).toHaveText(/^\d+ results? for connection$/);
});

test('the German search names a query without results in German', async ({ page }) => {
  await page.goto('/de/');
  await page.locator('site-search button[data-open-modal]').click();
  const dialog = page.locator('dialog[open]');
  await dialog.locator('.pagefind-ui__search-input').fill('Quxbazfoo');
  await expect(dialog.locator('.pagefind-ui__message')).toHaveText('Keine Ergebnisse für Quxbazfoo');
});

for (const home of ['/', '/de/']) {
  test(`on a phone, the cancel button of the search dialog on ${home} leaves the field's clear button free`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(home);
    await page.locator('site-search button[data-open-modal]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('.pagefind-ui__search-input').fill('SSE');
    const clear = dialog.locator('.pagefind-ui__search-clear');
    const cancel = dialog.locator('button[data-close-modal]');
    await expect(clear).toBeVisible();
    const [clearBox, cancelBox] = await Promise.all([clear.boundingBox(), cancel.boundingBox()]);
    expect(cancelBox!.x).toBeGreaterThanOrEqual(clearBox!.x + clearBox!.width);
    // What is visible is also what is clicked.
    await clear.click();
    await expect(dialog.locator('.pagefind-ui__search-input')).toHaveValue('');
  });
}
