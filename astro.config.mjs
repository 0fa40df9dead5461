// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import node from '@astrojs/node';
import starlightLinksValidator from 'starlight-links-validator';
import { sidebar } from './src/sidebar.ts';
import { sseEndpoint } from './src/dev-endpoint.ts';
import { precompress } from './src/build/precompress.ts';
import { siteFrame } from './src/site/site-frame.ts';
import { searchRanking } from './src/site/search/ranking.ts';
import { searchBundle } from './src/site/search/search-bundle.ts';

/** The site's languages: English at the root, German under /de/. Tests read this too. */
export const locales = {
  root: { label: 'English', lang: 'en' },
  de: { label: 'Deutsch', lang: 'de' },
};

export default defineConfig({
  // Pages and UI strings live in the top-level content/ folder.
  srcDir: '.',
  site: 'https://sse-handbook.example',
  // One address per page: /de/ and /de/start/ (the server redirects /de to /de/).
  trailingSlash: 'always',
  adapter: node({ mode: 'standalone' }),
  integrations: [
    starlight({
      title: { en: 'SSE Handbook', de: 'SSE-Handbuch' },
      description: 'Learn, set up and debug Server-Sent Events, from the event-stream format to a production server.',
      defaultLocale: 'root',
      locales,
      sidebar,
      customCss: ['./src/styles/site.css'],
      // Splash pages (home, 404) get the phone menu too; see the component.
      // The language select keeps the reader's section (see the component).
      components: { PageFrame: './src/site/PageFrame.astro', LanguageSelect: './src/site/LanguageSelect.astro' },
      // One 404 page per language comes from siteFrame() below.
      disable404Route: true,
      // Every internal link and #anchor of the guides must resolve, and a
      // German page must link German pages (the build fails otherwise). A
      // guide may send the reader to the server they just started on their
      // own machine (http://localhost:3000/): that one link is no mistake.
      plugins: [
        starlightLinksValidator({
          errorOnInconsistentLocale: true,
          exclude: ({ link }) => /^http:\/\/localhost:\d+\/$/.test(link),
        }),
      ],
      // Search: Pagefind's ranking (see the module for why these weights).
      pagefind: { ranking: searchRanking },
      // Code blocks: ec.config.mjs (a plugin is no JSON, so the options live
      // there, where the <Code> component finds them too).
    }),
    siteFrame({ locales }),
    // After Starlight (Pagefind's bundle), before precompress().
    searchBundle(),
    preact(),
    sseEndpoint(),
    // Last: it compresses what the others wrote, Pagefind's index included.
    precompress(),
  ],
});
