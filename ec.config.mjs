// @ts-check
import { defineEcConfig } from '@astrojs/starlight/expressive-code';
import { codeBlocksOutOfSearch } from './src/site/search/code-blocks-out-of-search.ts';

/**
 * Expressive Code's options for every code block and <Code> component
 * (Starlight reads this file; options with a plugin cannot sit in
 * astro.config.mjs, which passes them on as JSON).
 */
export default defineEcConfig({
  // Wrapped lines instead of horizontal scrolling: snippets stay readable
  // on phones, and no code block becomes an unnamed scrollable region.
  defaultProps: { wrap: true },
  // Code blocks stay out of the search index (prose and inline code stay in).
  plugins: [codeBlocksOutOfSearch()],
});
