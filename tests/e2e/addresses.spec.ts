import { expect, test } from './fixtures.ts';

/** Every page has one address, the one with the trailing slash; the other form redirects there. */
for (const { bare, canonical } of [
  { bare: '/de', canonical: '/de/' },
  { bare: '/start/what-is-sse', canonical: '/start/what-is-sse/' },
  { bare: '/de/start/quick-start', canonical: '/de/start/quick-start/' },
]) {
  test(`${bare} redirects permanently to ${canonical}`, async ({ request }) => {
    const response = await request.get(bare, { maxRedirects: 0 });
    expect(response.status()).toBe(301);
    expect(new URL(response.headers()['location']!, 'http://x').pathname).toBe(canonical);
  });
}

for (const home of [
  { path: '/', lang: 'en', site: 'SSE Handbook' },
  { path: '/de/', lang: 'de', site: 'SSE-Handbuch' },
] as const) {
  test(`the ${home.lang} site title links to ${home.path}, the canonical address of that home page`, async ({ page }) => {
    await page.goto(`${home.path}start/what-is-sse/`);
    await expect(page.locator('a.site-title')).toHaveAttribute('href', home.path);
    await page.goto(home.path);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`^https://[^/]+${home.path}$`));
  });

  test(`the ${home.lang} home page's title names the page, then the site once`, async ({ page }) => {
    await page.goto(home.path);
    const title = await page.title();
    const [pageTitle, siteTitle, ...rest] = title.split(' | ');
    expect(rest).toEqual([]);
    expect(siteTitle).toBe(home.site);
    expect(pageTitle).toMatch(/^Server-Sent Events, /);
  });
}
