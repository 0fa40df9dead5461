import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

/**
 * "Copy = tested": the copy buttons on the Apache2 + PHP-FPM page put the
 * bytes of the files the config tests run on the clipboard. Expressive Code
 * drops a file's final line break; every other byte must match (and shell
 * files are shown in an editor frame: a terminal frame would strip their
 * comment lines, shebang included, on copy).
 */
const copied = [
  { title: '/etc/apache2/sites-available/sse.conf', file: 'src/snippets/apache/sse.conf' },
  { title: '/etc/php/8.2/fpm/pool.d/sse.conf', file: 'src/snippets/php/pool-sse.conf' },
  { title: 'enable-modules.sh', file: 'src/snippets/apache/enable-modules.sh' },
  { title: 'install.sh', file: 'src/snippets/apache/install.sh' },
  { title: 'watch-stream.sh', file: 'src/snippets/apache/watch-stream.sh' },
  { title: '/var/www/sse/public/sse/events.php', file: 'src/snippets/php/events.php' },
];
const withoutFinalLineBreak = (text: string): string => text.replace(/\n$/, '');

for (const { path, copyLabel } of [
  { path: '/infrastructure/apache-php-fpm/', copyLabel: 'Copy to clipboard' },
  { path: '/de/infrastructure/apache-php-fpm/', copyLabel: 'In Zwischenablage kopieren' },
]) {
  test(`the copy buttons on ${path} copy the tested files byte for byte`, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(path);
    for (const { title, file } of copied) {
      const block = page.locator('.expressive-code').filter({ has: page.locator('figcaption', { hasText: title }) }).first();
      await block.getByRole('button', { name: copyLabel }).click();
      const clipboard = await page.evaluate(() => navigator.clipboard.readText());
      expect(clipboard, file).toBe(withoutFinalLineBreak(readFileSync(file, 'utf8')));
    }
  });
}
