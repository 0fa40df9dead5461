/**
 * Copy = tested: the copy buttons on the nginx page and the symptoms page put
 * exactly the bytes of the files the config tests run (src/snippets/nginx/,
 * src/snippets/troubleshooting/) on the clipboard, in both languages.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

const snippet = (name: string): string =>
  readFileSync(new URL(`../../src/snippets/nginx/${name}`, import.meta.url), 'utf8');

for (const { path, copyLabel } of [
  { path: '/infrastructure/nginx/', copyLabel: 'Copy to clipboard' },
  { path: '/de/infrastructure/nginx/', copyLabel: 'In Zwischenablage kopieren' },
]) {
  test(`the copy buttons on ${path} copy the tested nginx files byte for byte`, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(path);
    for (const file of ['backend.mjs', 'sse-proxy.conf', 'sse-proxy-https.conf', 'sse-php-fpm.conf']) {
      const frame = page.locator('.expressive-code').filter({ has: page.locator('figcaption', { hasText: new RegExp(`^${file.replace('.', '\\.')}$`) }) });
      await expect(frame).toHaveCount(1);
      // The PHP-FPM config sits in the second tab, after the Node ones: show it first.
      if (!(await frame.isVisible())) await page.getByRole('tab', { name: /PHP-FPM/ }).first().click();
      await frame.getByRole('button', { name: copyLabel }).click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      // Expressive Code drops the file's final line break; every other byte must match.
      expect(copied, file).toBe(snippet(file).replace(/\n$/, ''));
    }
  });
}

for (const { path, copyLabel } of [
  { path: '/troubleshooting/symptoms/', copyLabel: 'Copy to clipboard' },
  { path: '/de/troubleshooting/symptoms/', copyLabel: 'In Zwischenablage kopieren' },
]) {
  test(`the copy button on ${path} copies the tested stamp-lines.sh, comments included`, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(path);
    const frame = page.locator('.expressive-code').filter({ has: page.locator('figcaption', { hasText: /^stamp-lines\.sh$/ }) });
    await frame.getByRole('button', { name: copyLabel }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const file = readFileSync(new URL('../../src/snippets/troubleshooting/stamp-lines.sh', import.meta.url), 'utf8');
    expect(copied).toBe(file.replace(/\n$/, ''));
  });
}
