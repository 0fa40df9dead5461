import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const phone = { width: 375, height: 800 };
const desktop = { width: 1280, height: 800 };

/**
 * Options of the theme and language selects whose label does not fit the
 * select: the text is measured in the select's own font and compared with
 * the room between its paddings (where the label icon and the caret sit).
 */
async function clippedOptions(scope: Locator): Promise<string[]> {
  return scope.locator('starlight-theme-select select, starlight-lang-select select').evaluateAll((selects) =>
    (selects as HTMLSelectElement[]).flatMap((select) => {
      const style = getComputedStyle(select);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return [...select.options].filter((option) => context.measureText(option.text).width > room + 1).map((option) => option.text);
    }),
  );
}

async function openMenu(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name, exact: true }).click();
  const menu = page.locator('#starlight__sidebar');
  await expect(menu).toBeVisible();
  return menu;
}

const languages = [
  { lang: 'en', guide: '/start/what-is-sse/', home: '/', miss: '/no-such-page/', menu: 'Menu', other: 'Deutsch' },
  { lang: 'de', guide: '/de/start/what-is-sse/', home: '/de/', miss: '/de/no-such-page/', menu: 'Menü', other: 'English' },
] as const;

for (const { lang, guide, home, miss, menu } of languages) {
  test(`the ${lang} header shows the theme and language labels in full on a desktop`, async ({ page }) => {
    await page.setViewportSize(desktop);
    await page.goto(guide);
    const header = page.locator('header.header .right-group');
    await expect(header.locator('starlight-theme-select select')).toBeVisible();
    await expect(header.locator('starlight-lang-select select')).toBeVisible();
    expect(await clippedOptions(header)).toEqual([]);
  });

  test(`the ${lang} phone menu of a guide shows the theme and language labels in full`, async ({ page }) => {
    await page.setViewportSize(phone);
    await page.goto(guide);
    const opened = await openMenu(page, menu);
    await expect(opened.locator('starlight-lang-select select')).toBeVisible();
    expect(await clippedOptions(opened)).toEqual([]);
  });

  for (const splash of [home, miss]) {
    test(`on a phone, ${splash} offers the theme and the language in a menu`, async ({ page }) => {
      await page.setViewportSize(phone);
      await page.goto(splash);
      // The header has no room for the selects at this width: before the menu opens, none is visible.
      await expect(page.locator('starlight-lang-select select:visible')).toHaveCount(0);

      const opened = await openMenu(page, menu);
      const themeSelect = opened.locator('starlight-theme-select select');
      await expect(themeSelect).toBeVisible();
      expect(await clippedOptions(opened)).toEqual([]);

      await themeSelect.selectOption('light');
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      await themeSelect.selectOption('dark');
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    });
  }

  test(`on a desktop, the ${lang} home page keeps the selects in the header and shows no menu button`, async ({ page }) => {
    await page.setViewportSize(desktop);
    await page.goto(home);
    await expect(page.locator('header.header .right-group starlight-lang-select select')).toBeVisible();
    await expect(page.getByRole('button', { name: menu, exact: true })).toBeHidden();
  });
}

test('on a phone, the language select in the home page menu switches to the German home page and back', async ({ page }) => {
  await page.setViewportSize(phone);
  await page.goto('/');
  await (await openMenu(page, 'Menu')).locator('starlight-lang-select select').selectOption({ label: 'Deutsch' });
  await expect(page).toHaveURL(/\/de\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  await (await openMenu(page, 'Menü')).locator('starlight-lang-select select').selectOption({ label: 'English' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(new URL(page.url()).pathname).toBe('/');
});

test('while the home page menu is open, Tab never reaches the page behind it', async ({ page }) => {
  await page.setViewportSize(phone);
  await page.goto('/');
  await openMenu(page, 'Menu');
  await expect(page.locator('.main-frame')).toHaveAttribute('inert', '');
  for (let step = 0; step < 12; step++) {
    await page.keyboard.press('Tab');
    const behindMenu = await page.evaluate(() => Boolean(document.activeElement?.closest('.main-frame')));
    expect(behindMenu).toBe(false);
  }
  await page.keyboard.press('Escape');
  await expect(page.locator('#starlight__sidebar')).toBeHidden();
  await expect(page.locator('.main-frame')).not.toHaveAttribute('inert', '');
});

for (const home of ['/', '/de/']) {
  test(`on a phone, ${home} with its menu open has no accessibility violations and loads no island code`, async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.setViewportSize(phone);
    await page.goto(home, { waitUntil: 'networkidle' });
    await openMenu(page, home === '/' ? 'Menu' : 'Menü');
    await expect(page.locator('astro-island')).toHaveCount(0);
    expect(scripts.filter((script) => /preact|client\.|Island/i.test(script))).toEqual([]);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map(({ id, help, nodes }) => ({ id, help, targets: nodes.map((node) => node.target) }))).toEqual([]);
  });
}
