/**
 * Where the build writes the site's Pagefind API (pagefind-words-on-pages.ts,
 * bundled): a folder beside Pagefind's own /pagefind/, read by the build
 * (search-bundle.ts) and by the dialog (default-ui.ts).
 */
export const wordsOnPagesFolder = 'pagefind-words-on-pages';
