import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

// That every table of every page sits in a named frame is checked in every-page.spec.ts.

/** The comparison table on the concept page has five columns: wider than a phone. */
const concept = [{ path: '/start/what-is-sse/' }, { path: '/de/start/what-is-sse/' }] as const;

function widestTableFrame(page: Page): Locator {
  return page.locator('.table-scroll').filter({ has: page.locator('th:nth-child(5)') }).first();
}

/** The text of the last heading before the element: the name its frame should carry. */
function headingBefore(frame: Locator): Promise<string> {
  return frame.evaluate((element) => {
    const headings = [...document.querySelectorAll('.sl-markdown-content :is(h2, h3, h4)')];
    const before = headings.filter((heading) => heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
    return before.at(-1)?.textContent?.trim() ?? '';
  });
}

for (const { path } of concept) {
  test(`on a phone, the comparison table on ${path} scrolls in its own frame, by keyboard too`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(path);
    const name = await headingBefore(widestTableFrame(page));
    expect(name).not.toBe('');
    const frame = page.getByRole('region', { name, exact: true });
    await expect(frame.locator('th')).toHaveCount(5);

    const overflow = await frame.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeGreaterThan(50);
    // The page itself does not scroll sideways: only the frame does.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // Shadows at the frame's edges, which scroll away once the reader reaches that end.
    const attachments = await frame.evaluate((element) => getComputedStyle(element).backgroundAttachment);
    expect(attachments.split(',').map((value) => value.trim())).toEqual(['local', 'local', 'scroll', 'scroll']);

    await frame.focus();
    await expect(frame).toBeFocused();
    for (let press = 0; press < 3; press++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => frame.evaluate((element) => element.scrollLeft)).toBeGreaterThan(50);
  });

  test(`on a desktop, the comparison table on ${path} stays within the text column`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(path);
    const frame = widestTableFrame(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    // All five columns are in view: no column hides behind the frame's edge
    // (the longest German words carry soft hyphens for this).
    expect(await frame.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
    const [frameBox, content] = await Promise.all([frame.boundingBox(), page.locator('.sl-markdown-content').first().boundingBox()]);
    expect(frameBox!.x + frameBox!.width).toBeLessThanOrEqual(content!.x + content!.width + 1);
  });
}

for (const path of ['/client/eventsource/', '/de/client/eventsource/']) {
  test(`on a phone, the readyState table on ${path} fits: its columns of constants shrink to their content`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(path);
    const frame = page.getByRole('region', { name: 'readyState', exact: true });
    await expect(frame.locator('td.table-cell-short')).toHaveCount(6);
    // The sentence column is readable without scrolling the frame sideways.
    expect(await frame.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
  });
}
