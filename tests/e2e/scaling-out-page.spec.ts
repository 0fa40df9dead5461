/**
 * Copy = tested: the copy buttons on the scaling-out page put exactly the
 * bytes of the files the config test runs (src/snippets/scaling-out/) on the
 * clipboard, in both languages.
 */
import { expect, test } from './fixtures.ts';
import { snippet } from '../helpers/snippets.ts';


for (const { path, copyLabel } of [
  { path: '/servers/scaling-out/', copyLabel: 'Copy to clipboard' },
  { path: '/de/servers/scaling-out/', copyLabel: 'In Zwischenablage kopieren' },
]) {
  test(`the copy buttons on ${path} copy the tested server and nginx config byte for byte`, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(path);
    for (const file of ['scaling-out/redis-broadcast-server.mjs', 'scaling-out/load-balancer.conf']) {
      const title = file.split('/').pop()!;
      const frame = page.locator('.expressive-code').filter({ has: page.locator('figcaption', { hasText: new RegExp(`^${title.replace('.', '\\.')}$`) }) });
      await expect(frame).toHaveCount(1);
      await frame.getByRole('button', { name: copyLabel }).click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      // Expressive Code drops the file's final line break; every other byte must match.
      expect(copied, file).toBe(snippet(file).replace(/\n$/, ''));
    }
  });
}
