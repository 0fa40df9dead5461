// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import node from '@astrojs/node';
import { sidebar } from './src/sidebar.ts';
import { sseEndpoint } from './src/integration.ts';
import { precompress } from './src/build/precompress.ts';

/** The site's languages: English at the root, German under /de/. Tests read this too. */
export const locales = {
  root: { label: 'English', lang: 'en' },
  de: { label: 'Deutsch', lang: 'de' },
};

export default defineConfig({
  // Pages and UI strings live in the top-level content/ folder.
  srcDir: '.',
  site: 'https://sse-handbook.example',
  adapter: node({ mode: 'standalone' }),
  integrations: [
    starlight({
      title: { en: 'SSE Handbook', de: 'SSE-Handbuch' },
      description: 'Learn, set up and debug Server-Sent Events, from the event-stream format to a production server.',
      defaultLocale: 'root',
      locales,
      sidebar,
      customCss: ['./src/styles/site.css'],
      // Wrapped lines instead of horizontal scrolling: snippets stay readable
      // on phones, and no code block becomes an unnamed scrollable region.
      expressiveCode: { defaultProps: { wrap: true } },
    }),
    preact(),
    sseEndpoint(),
    // Last: it compresses what the others wrote, Pagefind's index included.
    precompress(),
  ],
});
