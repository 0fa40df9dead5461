import { expect, test } from './fixtures.ts';

/** The project's own client code: island components and the Preact renderer that hydrates them. */
async function islandsOf(page: import('@playwright/test').Page): Promise<string[]> {
  return page.locator('astro-island').evaluateAll((islands) => islands.map((island) => island.getAttribute('opts') ?? ''));
}

test('a plain text page hydrates nothing and loads no island code', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto('/start/quick-start/', { waitUntil: 'networkidle' });
  expect(await islandsOf(page)).toEqual([]);
  expect(scripts.filter((path) => /preact|client\.|Island/i.test(path))).toEqual([]);
});

test('the concept page hydrates only the clock island', async ({ page }) => {
  await page.goto('/start/what-is-sse/');
  const islands = await islandsOf(page);
  expect(islands).toHaveLength(1);
  expect(islands[0]).toContain('ClockIsland');
});
