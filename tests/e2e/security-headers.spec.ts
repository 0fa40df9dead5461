import { allPagePaths, expect, islandsHydrated, test } from './fixtures.ts';
import { eventRows, openPlayground, tab } from './playground-page.ts';

/**
 * The production server's Content-Security-Policy allows what the site
 * needs and nothing more: every page, with its islands, search and the
 * playground's worker, runs under it without a single violation.
 */
function collectViolations(page: import('@playwright/test').Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

for (const path of allPagePaths()) {
  test(`${path} is served with the security headers and runs under its CSP`, async ({ page }) => {
    const violations = collectViolations(page);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Content Security Policy: ${event.violatedDirective} blocked ${event.blockedURI}`),
      );
    });
    const response = await page.goto(path);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-frame-options']).toBe('DENY');
    // Islands load when they scroll into view; bring each one there.
    for (const island of await page.locator('astro-island').all()) await island.scrollIntoViewIfNeeded();
    await islandsHydrated(page);
    expect(violations).toEqual([]);
  });
}

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
