import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

const misses = [
  { path: '/no-such-page/', lang: 'en', heading: 'Page not found', title: 'Page not found | SSE Handbook', home: 'To the home page', homeHref: '/' },
  { path: '/de/gibt-es-nicht/', lang: 'de', heading: 'Seite nicht gefunden', title: 'Seite nicht gefunden | SSE-Handbuch', home: 'Zur Startseite', homeHref: '/de/' },
  // A German address in a folder that exists, and one that is not a page at all.
  { path: '/de/start/gibt-es-nicht/', lang: 'de', heading: 'Seite nicht gefunden', title: 'Seite nicht gefunden | SSE-Handbuch', home: 'Zur Startseite', homeHref: '/de/' },
  { path: '/de/bild.png', lang: 'de', heading: 'Seite nicht gefunden', title: 'Seite nicht gefunden | SSE-Handbuch', home: 'Zur Startseite', homeHref: '/de/' },
] as const;

for (const miss of misses) {
  test(`${miss.path} answers 404 with the "page not found" page in ${miss.lang}`, async ({ page }) => {
    const response = await page.goto(miss.path);
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', miss.lang);
    await expect(page).toHaveTitle(miss.title);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(miss.heading);
    await expect(page.getByRole('link', { name: miss.home })).toHaveAttribute('href', miss.homeHref);
    // Nothing on it is indexed for search.
    await expect(page.locator('[data-pagefind-body]')).toHaveCount(0);
  });
}

test('a German address without its trailing slash is redirected first, then answered in German', async ({ page }) => {
  const response = await page.goto('/de/gibt-es-nicht');
  expect(response?.status()).toBe(404);
  expect(new URL(page.url()).pathname).toBe('/de/gibt-es-nicht/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
});

test('the language select of the German "page not found" page leads to the English one', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/de/gibt-es-nicht/');
  await page.locator('header.header .right-group starlight-lang-select select').selectOption({ label: 'English' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

for (const path of ['/no-such-page/', '/de/gibt-es-nicht/']) {
  test(`the "page not found" page at ${path} has no accessibility violations and loads no island code`, async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(path, { waitUntil: 'networkidle' });
    await expect(page.locator('astro-island')).toHaveCount(0);
    expect(scripts.filter((script) => /preact|client\.|Island/i.test(script))).toEqual([]);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map(({ id, help }) => ({ id, help }))).toEqual([]);
  });
}
