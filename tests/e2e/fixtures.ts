import { test as base, expect } from '@playwright/test';

/**
 * Headless Chromium at times gives a page no idle period at all, so a
 * requestIdleCallback without a timeout may never run
 * (https://github.com/puppeteer/puppeteer/issues/10350). Starlight builds the
 * search dialog's UI in one, and once in a full run the dialog stayed empty
 * for 30 s. Every idle callback gets a deadline of one second here, long
 * after a browser with idle time would have run it.
 */
function idleCallbacksWithDeadline() {
  const requestIdle = window.requestIdleCallback.bind(window);
  window.requestIdleCallback = (callback, options) => requestIdle(callback, { timeout: 1000, ...options });
}

/** Tests navigate relative to the server global-setup.ts started. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env['E2E_BASE_URL'];
    if (!url) throw new Error('E2E_BASE_URL is not set: run the e2e tests through `npx playwright test`.');
    await use(url);
  },
  page: async ({ page }, use) => {
    await page.addInitScript(idleCallbacksWithDeadline);
    await use(page);
  },
});
export { expect };
export { allPagePaths } from '../helpers/page-paths.ts';

/** Waits until every island on the page has hydrated (Astro drops the `ssr` attribute then). */
export async function islandsHydrated(page: import('@playwright/test').Page): Promise<void> {
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
}

/** Scrolls to one demo of the page and waits until its island has hydrated (they load when visible). */
export async function demo(page: import('@playwright/test').Page, name: string): Promise<import('@playwright/test').Locator> {
  const figure = page.locator(`.sse-demo[data-demo="${name}"]`);
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('xpath=ancestor::astro-island[1]')).not.toHaveAttribute('ssr');
  return figure;
}
