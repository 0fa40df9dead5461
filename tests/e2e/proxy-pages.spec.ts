/**
 * Copy = tested: the copy buttons on the "Apache as a reverse proxy" and
 * "ingress-nginx and Traefik" pages put exactly the bytes of the files the
 * tests run or check on the clipboard, in both languages.
 */
import { expect, test } from './fixtures.ts';
import { snippet } from '../helpers/snippets.ts';

const pages = [
  {
    slug: 'infrastructure/apache-reverse-proxy/',
    files: {
      'backend.mjs': snippet('nginx/backend.mjs'),
      '/etc/apache2/sites-available/sse-proxy.conf': snippet('apache/reverse-proxy.conf'),
      'reverse-proxy-setup.sh': snippet('apache/reverse-proxy-setup.sh'),
      'broken/proxy-timeout-5s.conf': snippet('apache/broken/proxy-timeout-5s.conf'),
    },
  },
  {
    slug: 'infrastructure/ingress-and-traefik/',
    files: {
      'ingress-nginx-sse.yaml': snippet('kubernetes/ingress-nginx-sse.yaml'),
      'ingress-nginx-configmap.yaml': snippet('kubernetes/ingress-nginx-configmap.yaml'),
      'traefik.yml': snippet('traefik/traefik.yaml'),
      'dynamic.yml': snippet('traefik/dynamic.yaml'),
    },
  },
];

const languages = [
  { prefix: '/', copyLabel: 'Copy to clipboard' },
  { prefix: '/de/', copyLabel: 'In Zwischenablage kopieren' },
];

for (const { slug, files } of pages) {
  for (const { prefix, copyLabel } of languages) {
    test(`the copy buttons on ${prefix}${slug} copy the tested files byte for byte`, async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.goto(`${prefix}${slug}`);
      for (const [title, text] of Object.entries(files)) {
        const frame = page.locator('.expressive-code').filter({ has: page.locator('figcaption', { hasText: title }) });
        await expect(frame, title).toHaveCount(1);
        await frame.getByRole('button', { name: copyLabel }).click();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        // Expressive Code drops the file's final line break; every other byte must match.
        expect(copied, title).toBe(text.replace(/\n$/, ''));
      }
    });
  }
}
