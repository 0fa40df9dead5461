import { expect, islandsHydrated, test } from './fixtures.ts';

const pages = [
  { path: '/start/what-is-sse/', start: 'Start', stop: 'Stop', unreachable: 'Could not connect to /api/sse/clock' },
  { path: '/de/start/what-is-sse/', start: 'Starten', stop: 'Stoppen', unreachable: 'Keine Verbindung zu /api/sse/clock' },
] as const;

for (const { path, start, stop, unreachable } of pages) {
  test(`the clock demo on ${path} shows ticks, then done, and closes`, async ({ page }) => {
    await page.goto(path);
    const demo = page.locator('.sse-demo');
    await demo.scrollIntoViewIfNeeded();
    await islandsHydrated(page);
    const heightBefore = (await demo.boundingBox())!.height;

    await demo.getByRole('spinbutton').fill('3');
    await demo.getByRole('button', { name: start }).click();
    await expect(demo.locator('.sse-demo__state')).toHaveText('OPEN');
    await expect(demo.getByRole('button', { name: stop })).toBeVisible();

    const ticks = demo.locator('li[data-event-type="tick"]');
    await expect(ticks).toHaveCount(3, { timeout: 8000 });
    await expect(demo.locator('li[data-event-type="done"]')).toHaveCount(1);
    await expect(demo.locator('.sse-demo__state')).toHaveText('CLOSED');
    await expect(ticks.nth(2)).toContainText('"i":3');
    await expect(demo.locator('.sse-demo__wire')).toContainText('event: tick\ndata: {"i":1');

    // The demo reserved its space: events arriving did not change its height.
    expect((await demo.boundingBox())!.height).toBeCloseTo(heightBefore, 0);
  });

  test(`the clock demo on ${path} says plainly when the endpoint cannot be reached`, async ({ page }) => {
    await page.route('**/api/sse/clock**', (route) => route.abort('connectionrefused'));
    await page.goto(path);
    const demo = page.locator('.sse-demo');
    await demo.scrollIntoViewIfNeeded();
    await islandsHydrated(page);
    await demo.getByRole('button', { name: start }).click();
    await expect(demo.getByRole('status')).toContainText(unreachable);
    await expect(demo.locator('.sse-demo__state')).toHaveText('CLOSED');
  });
}

test('the clock demo works by keyboard', async ({ page }) => {
  await page.goto('/start/what-is-sse/');
  const demo = page.locator('.sse-demo');
  await demo.scrollIntoViewIfNeeded();
  await islandsHydrated(page);
  await demo.getByRole('spinbutton').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await expect(demo.getByRole('button', { name: 'Start' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(demo.locator('li[data-event-type="done"]')).toHaveCount(1, { timeout: 5000 });
  await expect(demo.getByRole('button', { name: 'Start' })).toBeFocused();
});
