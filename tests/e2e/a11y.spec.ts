import AxeBuilder from '@axe-core/playwright';
import { allPagePaths, expect, islandsHydrated, test } from './fixtures.ts';

for (const path of allPagePaths()) {
  test(`${path} has no accessibility violations`, async ({ page }) => {
    // axe walks every node: a guide with several long code blocks (3,500
    // elements) takes half a minute on a busy two-core machine.
    test.setTimeout(90_000);
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map(({ id, help, nodes }) => ({ id, help, targets: nodes.map((node) => node.target) }))).toEqual([]);
  });
}

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
