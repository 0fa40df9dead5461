import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { allPagePaths, expect, test } from './fixtures.ts';

/** The pages that embed the failure lab, found in their sources, so the test follows the demo wherever it is placed. */
function pagesWithTheLab(): string[] {
  return allPagePaths().filter((path) => {
    const slug = path === '/' ? 'index' : path.slice(1, -1);
    const source = ['.mdx', '.md'].map((extension) => join('content/docs', `${slug}${extension}`)).find((file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return false;
      }
    });
    return source !== undefined && readFileSync(source, 'utf8').includes('<FailureLabDemo');
  });
}

const labels = {
  en: { run: 'Run the labs', table: 'Table', chart: 'Chart' },
  de: { run: 'Starten', table: 'Tabelle', chart: 'Diagramm' },
} as const;

/** Arrival times (ms after the stream opened) of one mode, from the table behind the chart. */
async function arrivals(demo: Locator, mode: string): Promise<number[]> {
  const cells = demo.locator(`table td[data-mode="${mode}"][data-arrived-ms]`);
  return (await cells.evaluateAll((found) => found.map((cell) => Number(cell.getAttribute('data-arrived-ms')))));
}

/** Waits until the demo's own island has hydrated (a page may hold islands that hydrate only when scrolled to). */
async function hydrated(demo: Locator): Promise<void> {
  await expect(demo.locator('xpath=ancestor::astro-island[1]')).not.toHaveAttribute('ssr');
}

const spread = (times: number[]) => Math.max(...times) - Math.min(...times);

// The endpoint allows one lab run (three streams) per client address at a time.
test.describe.configure({ mode: 'serial' });

const pages = pagesWithTheLab();
test('at least one page embeds the failure lab in each language', () => {
  expect(pages.some((path) => path.startsWith('/de/'))).toBe(true);
  expect(pages.some((path) => !path.startsWith('/de/'))).toBe(true);
});

for (const path of pages) {
  const text = labels[path.startsWith('/de/') ? 'de' : 'en'];
  test(`the failure lab on ${path} shows 4 KiB batches for the proxy buffer, one burst for gzip, and none for direct`, async ({ page }) => {
    await page.goto(path);
    const demo = page.locator('.sse-demo[data-demo="lab"]');
    await demo.scrollIntoViewIfNeeded();
    await hydrated(demo);
    const heightBefore = (await demo.boundingBox())!.height;
    // The table behind the chart is there for screen readers from the start.
    await expect(demo.locator('table caption')).toHaveCount(1);

    await demo.getByRole('button', { name: text.run }).click();
    for (const mode of ['direct', 'proxy-buffer', 'gzip']) {
      await expect(demo.locator(`.sse-lab__legend li[data-mode="${mode}"]`)).toHaveAttribute('data-events', '12', { timeout: 15_000 });
    }
    await expect(demo.locator('.sse-demo__state')).toHaveText('CLOSED');

    const direct = await arrivals(demo, 'direct');
    const proxy = await arrivals(demo, 'proxy-buffer');
    const gzip = await arrivals(demo, 'gzip');
    expect([direct.length, proxy.length, gzip.length]).toEqual([12, 12, 12]);
    // Sent over 2.75 s: direct arrivals spread about as wide, one by one.
    expect(spread(direct)).toBeGreaterThan(2000);
    // The proxy buffer passes 4 KiB on when it fills (with events 5 and 9, sent at 1 s and 2 s) and the rest at the end: three batches.
    const batches = [proxy.slice(0, 4), proxy.slice(4, 8), proxy.slice(8)];
    for (const batch of batches) expect(spread(batch)).toBeLessThan(300);
    expect(Math.min(...batches[1]!) - Math.max(...batches[0]!)).toBeGreaterThan(500);
    expect(Math.min(...batches[2]!) - Math.max(...batches[1]!)).toBeGreaterThan(400);
    expect(Math.min(...proxy)).toBeGreaterThan(900);
    // gzip without flushing holds every event back and delivers them together at the end.
    expect(spread(gzip)).toBeLessThan(300);
    expect(Math.min(...gzip)).toBeGreaterThan(2400);
    // The chart plotted every event of every mode.
    await expect(demo.locator('svg.sse-lab__chart .sse-lab__marker')).toHaveCount(36);
    expect((await demo.boundingBox())!.height).toBeCloseTo(heightBefore, 0);

    // The same numbers as a visible table, in the same space.
    await demo.getByRole('button', { name: text.table }).click();
    const table = demo.getByRole('table');
    await expect(table).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(12);
    expect((await demo.boundingBox())!.height).toBeCloseTo(heightBefore, 0);
    const axe = await new AxeBuilder({ page }).include('.sse-demo[data-demo="lab"]').analyze();
    expect(axe.violations.map(({ id, help }) => ({ id, help }))).toEqual([]);
    await demo.getByRole('button', { name: text.chart }).click();
    await expect(demo.locator('svg.sse-lab__chart')).toBeVisible();
  });
}
