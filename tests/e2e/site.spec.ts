import { expect, test } from './fixtures.ts';

const homes = [
  { path: '/', lang: 'en', title: 'SSE Handbook' },
  { path: '/de/', lang: 'de', title: 'SSE-Handbuch' },
] as const;

for (const home of homes) {
  test(`the ${home.lang} home page loads in its language`, async ({ page }) => {
    const response = await page.goto(home.path);
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', home.lang);
    await expect(page).toHaveTitle(new RegExp(home.title));
    await expect(page.locator('.site-title')).toContainText(home.title);
  });
}

test('the language picker keeps the reader on the same page', async ({ page }) => {
  await page.goto('/start/what-is-sse/');
  await page.locator('starlight-lang-select select').first().selectOption({ label: 'Deutsch' });
  await expect(page).toHaveURL(/\/de\/start\/what-is-sse\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  await page.locator('starlight-lang-select select').first().selectOption({ label: 'English' });
  await expect(page).toHaveURL(/\/start\/what-is-sse\/$/);
  expect(new URL(page.url()).pathname).toBe('/start/what-is-sse/');
});

test('the German sidebar is labelled in German', async ({ page }) => {
  await page.goto('/de/start/what-is-sse/');
  await expect(page.locator('nav[aria-label="Main"], #starlight__sidebar').first()).toContainText('Erste Schritte');
});

for (const { path, copyLabel } of [
  { path: '/start/quick-start/', copyLabel: 'Copy to clipboard' },
  { path: '/de/start/quick-start/', copyLabel: 'In Zwischenablage kopieren' },
]) {
  test(`code blocks on ${path} have a copy button that copies the code`, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(path);
    const block = page.locator('.expressive-code').filter({ hasText: 'server.mjs' }).first();
    const button = block.getByRole('button', { name: copyLabel });
    await expect(button).toBeVisible();
    await button.click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("from 'node:http'");
  });
}

for (const { home, pathPrefix } of [
  { home: '/', pathPrefix: /^\/(?!de\/)/ },
  { home: '/de/', pathPrefix: /^\/de\// },
]) {
  test(`search on ${home} finds EventSource in pages of that language`, async ({ page }) => {
    await page.goto(home);
    await page.locator('site-search button[data-open-modal]').click();
    const input = page.locator('dialog[open] .pagefind-ui__search-input');
    await input.fill('EventSource');
    const results = page.locator('dialog[open] .pagefind-ui__result-link');
    await expect(results.first()).toBeVisible();
    const hrefs = await results.evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(pathPrefix);
  });
}
