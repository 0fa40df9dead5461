/**
 * The Pagefind API the site's search dialog loads: Pagefind's own, with a
 * `search` that answers only for words on a page (words-on-pages.ts).
 *
 * The build bundles this module to /pagefind-words-on-pages/pagefind.js
 * (search-bundle.ts), and the dialog's Pagefind UI loads it from there
 * instead of /pagefind/pagefind.js (default-ui.ts). Pagefind finds its index
 * next to its own module, so that one is imported from where Pagefind wrote it.
 */
import { searchWordsOnPages, type PagefindSearch } from './words-on-pages.ts';

/** What Pagefind's UI calls on the module it loads (ui-core.mjs of @pagefind/default-ui). */
interface PagefindModule extends PagefindSearch {
  options(options: object): Promise<void>;
  init(): Promise<void>;
  destroy(): Promise<void>;
  mergeIndex(indexPath: string, options: object): Promise<void>;
  preload(term: string, options?: object): Promise<void>;
  filters(): Promise<object>;
}

const pagefind = (await import(new URL('../pagefind/pagefind.js', import.meta.url).href)) as PagefindModule;

export const { options, init, destroy, mergeIndex, preload, filters } = pagefind;

export function search(term: string, searchOptions?: object) {
  return searchWordsOnPages(pagefind, term, searchOptions);
}
