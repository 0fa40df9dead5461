import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { wordsOnPagesFolder } from './bundle-folder.ts';

/**
 * The site search's own Pagefind API, as one integration (words-on-pages.ts
 * says why it exists). List it after Starlight, whose `astro:build:done`
 * writes Pagefind's bundle, and before precompress(), which compresses what
 * this one writes.
 *
 * - The client's import of `@pagefind/default-ui` (Starlight's Search
 *   component) resolves to default-ui.ts, which loads the API from
 *   /pagefind-words-on-pages/ instead of /pagefind/.
 * - After the build, pagefind-words-on-pages.ts is bundled to
 *   /pagefind-words-on-pages/pagefind.js. It imports Pagefind's module at
 *   run time, from beside it, so it is built after Pagefind's bundle and
 *   never includes it. (`astro dev` has no search; Starlight says so in the
 *   dialog.)
 */
export function searchBundle(): AstroIntegration {
  return {
    name: 'sse-handbook:search-bundle',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        const defaultUi = fileURLToPath(new URL('./default-ui.ts', import.meta.url));
        updateConfig({ vite: { resolve: { alias: [{ find: /^@pagefind\/default-ui$/, replacement: defaultUi }] } } });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outfile = fileURLToPath(new URL(`${wordsOnPagesFolder}/pagefind.js`, dir));
        await build({
          entryPoints: [fileURLToPath(new URL('./pagefind-words-on-pages.ts', import.meta.url))],
          outfile,
          bundle: true,
          format: 'esm',
          target: 'es2022',
          minify: true,
          logLevel: 'warning',
        });
        logger.info(`Pagefind API for the search dialog: ${outfile}`);
      },
    },
  };
}
