/**
 * Copy = tested: the copy buttons on the nginx page and the symptoms page put
 * exactly the bytes of the files the config tests run (src/snippets/nginx/,
 * the pool from src/snippets/php/, src/snippets/troubleshooting/) on the
 * clipboard, in both languages. Shell files are shown in an editor frame: a
 * terminal frame would leave their comment lines out of the copy.
 */
import { expect, test } from './fixtures.ts';
import { snippet } from '../helpers/snippets.ts';


/** Each code block by its title, and the file it shows; the PHP-FPM tab's blocks come last. */
const blocks = [
  { title: 'backend.mjs', file: 'nginx/backend.mjs' },
  { title: 'sse-proxy.conf', file: 'nginx/sse-proxy.conf' },
  { title: 'steps-proxy.sh', file: 'nginx/steps-proxy.sh' },
  { title: 'sse-proxy-https.conf', file: 'nginx/sse-proxy-https.conf' },
  { title: 'watch-http2.sh', file: 'nginx/watch-http2.sh' },
  { title: 'sse-php-fpm.conf', file: 'nginx/sse-php-fpm.conf' },
  { title: '/etc/php/8.2/fpm/pool.d/sse.conf', file: 'php/pool-sse.conf' },
  { title: 'steps-php-fpm.sh', file: 'nginx/steps-php-fpm.sh' },
];
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const { path, copyLabel } of [
  { path: '/infrastructure/nginx/', copyLabel: 'Copy to clipboard' },
  { path: '/de/infrastructure/nginx/', copyLabel: 'In Zwischenablage kopieren' },
]) {
  test(`the copy buttons on ${path} copy the tested nginx files and setup steps byte for byte`, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(path);
    for (const { title, file } of blocks) {
      const frame = page.locator('.expressive-code').filter({ has: page.locator('figcaption', { hasText: new RegExp(`^${escaped(title)}$`) }) });
      await expect(frame).toHaveCount(1);
      // The PHP-FPM tab's blocks sit in the second tab, after the Node ones: show it first.
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
    const file = snippet('troubleshooting/stamp-lines.sh');
    expect(copied).toBe(file.replace(/\n$/, ''));
  });
}
