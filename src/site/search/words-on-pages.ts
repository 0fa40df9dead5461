/**
 * A search that answers only for words that stand on a page.
 *
 * Pagefind looks a query's word up as the beginning of indexed words, and
 * when no indexed word begins with it, it falls back to the longest indexed
 * word the query word begins with (`find_word_extensions` in Pagefind's
 * search.rs). That fallback is meant for a word typed halfway, but it also
 * answers words that are on no page: "Rasenmäher" matched the two letters
 * "\r", "Ereignisse" matched "er" on 31 pages, "spreadsheet" matched
 * "spread". No ranking option turns it off, so the site's search dialog asks
 * two more questions of each word before it trusts Pagefind's results:
 *
 * - Does the word itself stand on a page? A quoted search is Pagefind's
 *   exact lookup: it stems the word as the index did ("connections" finds
 *   "connection") and never falls back.
 * - If not, is it the beginning of a word on a page, or of a part of one?
 *   Then the loose search's first result marks a word that starts with it
 *   ("reconn" marks "Reconnection"); a fallback marks a shorter word ("\r",
 *   "er").
 *
 * A word with punctuation that is on no page as a whole is looked up by its
 * parts, as Pagefind indexed them. A query runs with the words that pass,
 * pages with them as a phrase first; one with none of them gets no results,
 * so the dialog says "No results for …". A quoted phrase is Pagefind's
 * exact search already and runs as typed.
 */

/** The part of Pagefind's JS API (https://pagefind.app/docs/api/) this module calls. */
export interface PagefindSearch {
  search(term: string, options?: object): Promise<PagefindResults | null>;
}

export interface PagefindResults {
  results: { id: string; data(): Promise<{ excerpt: string }> }[];
  unfilteredResultCount: number;
  filters: object;
  totalFilters: object;
  timings: { preload: number; search: number; total: number };
}

/** Pagefind runs a quoted query as an exact phrase (its own test: /^\s*".+"\s*$/). */
export function isExactPhrase(term: string): boolean {
  return /^\s*".+"\s*$/.test(term);
}

/** The words of a query as Pagefind splits it: at white space. */
export function queryWords(term: string): string[] {
  return term.split(/\s+/).filter((word) => word !== '');
}

/**
 * A word for comparison: lower case, accents dropped (Pagefind matches
 * "verzogert" to "verzögert" too), and without the punctuation around it
 * that an excerpt keeps ("„Verbindung", "Events.").
 */
export function comparable(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** The words Pagefind marked in an excerpt (`<mark>word</mark>`), as the page spells them. */
export function markedWords(excerpt: string): string[] {
  return [...excerpt.matchAll(/<mark>([^<]*)<\/mark>/g)].map(([, word]) => word!);
}

/**
 * True when a word the loose search marked on a page begins with the query
 * word, or one of its parts does: Pagefind indexes the parts of a word
 * joined by punctuation too, so "ERR_INCOMPLETE_CHUNKED_ENCODING" finds
 * "net::ERR_INCOMPLETE_CHUNKED_ENCODING" and "flush" finds "ob_flush()".
 */
export function marksBeginWith(word: string, marks: readonly string[]): boolean {
  const start = comparable(word);
  if (start === '') return false;
  const partStarts = /(?:^|[^\p{L}\p{N}])(?=[\p{L}\p{N}])/gu;
  return marks.some((mark) => {
    const text = comparable(mark);
    return [...text.matchAll(partStarts)].some((boundary) => text.startsWith(start, boundary.index + boundary[0].length));
  });
}

/** The parts Pagefind also indexes a word by: split at ASCII punctuation ("ERR_HTTP2_PROTOCOL_ERROR" → ERR, HTTP2, …). */
export function wordParts(word: string): string[] {
  // The four ranges are ASCII's punctuation: ! to /, : to @, [ to `, { to ~.
  return word.split(/[!-/:-@[-`{-~]+/).filter((part) => part !== '');
}

async function isOnAPage(pagefind: PagefindSearch, word: string, options: object | undefined): Promise<boolean> {
  const exact = await pagefind.search(`"${word}"`, options);
  return exact !== null && exact.results.length > 0;
}

async function beginsAWordOnAPage(pagefind: PagefindSearch, word: string, options: object | undefined): Promise<boolean> {
  const first = (await pagefind.search(word, options))?.results[0];
  return first !== undefined && marksBeginWith(word, markedWords((await first.data()).excerpt));
}

/**
 * What to search for one word of the query: the word, if it stands on a
 * page; its parts, if each of them does (Pagefind's own search of a word
 * with punctuation falls back to its first part, so "ERR_HTTP2_PROTOCOL_ERROR"
 * ranked pages by "err" alone); the word again, if it begins a word on a
 * page; otherwise nothing.
 */
async function searchTermsFor(pagefind: PagefindSearch, word: string, options: object | undefined): Promise<string[]> {
  if (await isOnAPage(pagefind, word, options)) return [word];
  const parts = wordParts(word);
  if (parts.length > 1) {
    const found = await Promise.all(parts.map((part) => isOnAPage(pagefind, part, options)));
    if (found.every(Boolean)) return parts;
  }
  return (await beginsAWordOnAPage(pagefind, word, options)) ? [word] : [];
}

const nothingFound: PagefindResults = {
  results: [],
  unfilteredResultCount: 0,
  filters: {},
  totalFilters: {},
  timings: { preload: 0, search: 0, total: 0 },
};

/**
 * The pages that hold the words as a phrase first, in Pagefind's order, then
 * the rest: a reader who types a name or a message ("Server Send Events",
 * "Verbindung verloren") means those words together, where Pagefind ranks
 * each word on its own (and "send" also as the start of "sendet").
 */
async function phraseFirst(pagefind: PagefindSearch, words: string[], options: object | undefined): Promise<PagefindResults | null> {
  const loose = await pagefind.search(words.join(' '), options);
  if (!loose || words.length < 2) return loose;
  const phrase = await pagefind.search(`"${words.join(' ')}"`, options);
  if (!phrase || phrase.results.length === 0) return loose;
  const first = new Set(phrase.results.map(({ id }) => id));
  return { ...loose, results: [...phrase.results, ...loose.results.filter(({ id }) => !first.has(id))] };
}

/** Pagefind's search, run with only those words of the query that stand on a page. */
export async function searchWordsOnPages(
  pagefind: PagefindSearch,
  term: string,
  options?: object,
): Promise<PagefindResults | null> {
  const words = queryWords(term);
  if (isExactPhrase(term) || words.length === 0) return pagefind.search(term, options);
  const terms: string[] = [];
  for (const word of words) terms.push(...(await searchTermsFor(pagefind, word, options)));
  if (terms.length === 0) return nothingFound;
  return phraseFirst(pagefind, terms, options);
}
