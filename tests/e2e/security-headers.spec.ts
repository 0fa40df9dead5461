import { expect, test } from './fixtures.ts';
import { collectViolations } from './page-checks.ts';
import { eventRows, openPlayground, tab } from './playground-page.ts';

/**
 * The production server's Content-Security-Policy allows what the site
 * needs and nothing more: every page, with its islands, search and the
 * playground's worker, runs under it without a single violation. Every
 * page's headers and islands are checked in every-page.spec.ts.
 */
test('search (Pagefind, WebAssembly) works under the CSP', async ({ page }) => {
  const violations = collectViolations(page);
  await page.goto('/start/quick-start/');
  await page.getByRole('button', { name: /search/i }).first().click();
  await page.getByRole('dialog').getByRole('textbox').fill('EventSource');
  await expect(page.locator('.pagefind-ui__result').first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('the playground parses in its worker under the CSP', async ({ page }) => {
  const violations = collectViolations(page);
  await openPlayground(page, '/playground/?preset=event-type-reset');
  await tab(page, 'Events').click();
  await expect(eventRows(page)).toHaveCount(2);
  expect(violations).toEqual([]);
});
