/**
 * Pagefind's ranking weights for the site search. Starlight passes its
 * `pagefind.ranking` option to the search dialog, and
 * tests/e2e/search-queries.spec.ts searches with the same object, so the
 * readers' queries there measure what the dialog shows.
 *
 * These are Starlight's own defaults, written out because they were measured
 * against the readers' queries: a low weight for page length and term
 * frequency (a long guide that names a term once still ranks), and a high
 * term similarity, so a word matched exactly beats a longer word that only
 * starts with it. Pagefind's own defaults (termSimilarity 1, pageLength
 * 0.75, termFrequency 1) and higher term similarities (20, 50) found fewer
 * of the queries' pages among the first three. Headings need no weight of
 * their own: Pagefind weights h1 to h6 from 7 down to 2 by itself
 * (https://pagefind.app/docs/weighting/), and the page title is the h1.
 *
 * No weight turns off Pagefind's fallback for a word on no page (it matches
 * a shorter word the query word begins with); the dialog's own search drops
 * such words (words-on-pages.ts). See https://pagefind.app/docs/ranking/.
 */
export const searchRanking = {
  pageLength: 0.1,
  termFrequency: 0.1,
  termSaturation: 2,
  termSimilarity: 9,
  diacriticSimilarity: 0.8,
};
