import AxeBuilder from '@axe-core/playwright';
import { expect, islandsHydrated, test } from './fixtures.ts';

// Every page's own axe check is in every-page.spec.ts.

test('the clock demo has no accessibility violations after it ran', async ({ page }) => {
  await page.goto('/start/what-is-sse/');
  const demo = page.locator('.sse-demo');
  await demo.scrollIntoViewIfNeeded();
  await islandsHydrated(page);
  await demo.getByRole('spinbutton').fill('1');
  await demo.getByRole('button', { name: 'Start' }).click();
  await expect(demo.locator('li[data-event-type="done"]')).toHaveCount(1, { timeout: 5000 });
  const results = await new AxeBuilder({ page }).include('.sse-demo').analyze();
  expect(results.violations.map(({ id, help }) => ({ id, help }))).toEqual([]);
});
