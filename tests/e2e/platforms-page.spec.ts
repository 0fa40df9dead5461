/**
 * The platforms page's demo in Chromium, in both languages: the resumable
 * counter behind the duration-cap lab (src/server/demos/duration-cap.ts)
 * is cut at the cap (5 s) although it sends an event every second, the
 * browser reconnects with Last-Event-ID, and the counts go on with the next
 * id: none missing, none twice, the replayed ones marked.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const languages = [
  { path: '/infrastructure/platforms/', start: 'Start' },
  { path: '/de/infrastructure/platforms/', start: 'Starten' },
] as const;

/** The lab's default cap, which the page's demo uses. */
const CAP_MS = 5000;

async function capDemo(page: Page): Promise<Locator> {
  const figure = page.locator('.sse-demo[data-demo="duration-cap"]');
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('xpath=ancestor::astro-island[1]')).not.toHaveAttribute('ssr');
  return figure;
}

for (const lang of languages) {
  test(`on ${lang.path} the cap cuts the counter after 5 s and the reconnect resumes with the next id`, async ({ page }) => {
    test.setTimeout(40_000);
    await page.goto(lang.path);
    const figure = await capDemo(page);
    const state = figure.locator('.sse-demo__state');
    await figure.getByRole('button', { name: lang.start, exact: true }).click();
    await expect(state).toHaveText('OPEN');
    const openedAt = Date.now();
    const counts = figure.locator('li[data-event-type="message"]');
    await expect(counts.first()).toBeVisible();

    // Busy all the while (a count a second), and cut at the cap all the same.
    await expect(state).toHaveText('CONNECTING', { timeout: CAP_MS + 3000 });
    const cutAfterMs = Date.now() - openedAt;
    expect(cutAfterMs).toBeGreaterThan(CAP_MS - 1000);
    expect(cutAfterMs).toBeLessThan(CAP_MS + 2000);
    const beforeCut = await counts.count();
    expect(beforeCut).toBeGreaterThanOrEqual(3);

    // retry: 2000, then Last-Event-ID: the counts sent meanwhile come first, marked replayed.
    await expect(figure.locator('li[data-tag="replayed"]').first()).toBeVisible({ timeout: 8000 });
    await expect(state).toHaveText('OPEN');
    await expect(counts).toHaveCount(beforeCut + 4, { timeout: 8000 });
    const ids = await counts.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-event-id'))));
    expect(ids).toEqual(ids.map((_, index) => ids[0]! + index));
    await expect(figure.locator('li[data-tag="gap"]')).toHaveCount(0);
    await figure.getByRole('button', { name: lang.start === 'Start' ? 'Stop' : 'Stoppen', exact: true }).click();
  });
}
