/**
 * Pagefind's ranking weights for the site search (Starlight's `pagefind`
 * option passes them to the search dialog; tests/e2e/search-queries.spec.ts
 * searches with the same ones). See https://pagefind.app/docs/ranking/.
 */
export const searchRanking = {
  pageLength: 0.1,
  termFrequency: 0.1,
  termSaturation: 2,
  termSimilarity: 9,
  diacriticSimilarity: 0.8,
};
