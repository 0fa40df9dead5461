import { describe, expect, it } from 'vitest';
import {
  comparable,
  isExactPhrase,
  markedWords,
  marksBeginWith,
  queryWords,
  searchWordsOnPages,
  wordParts,
  type PagefindResults,
  type PagefindSearch,
} from '../../../../src/site/search/words-on-pages.ts';

/**
 * An index of a few pages that answers as Pagefind does (see the module): a
 * word is indexed whole and by its parts between punctuation. A quoted word
 * is found only as a whole indexed word, quoted words only where a page has
 * them in a row. A loose word is also found as the beginning of a longer
 * one, and one that begins no indexed word falls back to the longest indexed
 * word it begins with; a page must have every loose word. It records every
 * term it was asked for.
 */
function pagefindOver(pages: Record<string, string>) {
  const asked: string[] = [];
  const words = Object.entries(pages).flatMap(([url, text]) =>
    text.split(' ').flatMap((word) => [word, ...(wordParts(word).length > 1 ? wordParts(word) : [])].map((key) => ({ url, word, key: key.toLowerCase() }))),
  );
  const found = (matches: (key: string) => boolean, onPage: (url: string) => boolean): PagefindResults => {
    const hits = words.filter(({ url, key }) => onPage(url) && matches(key));
    const urls = [...new Set(hits.map(({ url }) => url))];
    return {
      results: urls.map((url) => ({
        id: url,
        data: async () => ({ excerpt: hits.filter((hit) => hit.url === url).map(({ word }) => `<mark>${word}</mark>`).join(' … ') }),
      })),
      unfilteredResultCount: urls.length,
      filters: {},
      totalFilters: {},
      timings: { preload: 0, search: 0, total: 0 },
    };
  };
  const pagefind: PagefindSearch = {
    async search(term) {
      asked.push(term);
      const quoted = /^"(.*)"$/.exec(term.trim())?.[1]?.toLowerCase();
      if (quoted !== undefined) {
        const inARow = (url: string) => !quoted.includes(' ') || ` ${pages[url]!.toLowerCase()} `.includes(` ${quoted} `);
        return found((key) => quoted.split(' ').includes(key), inARow);
      }
      const matchers = queryWords(term.toLowerCase()).map((query) => {
        const extending = words.some(({ key }) => key.startsWith(query));
        const prefix = words
          .map(({ key }) => key)
          .filter((key) => query.startsWith(key))
          .sort((a, b) => b.length - a.length)[0];
        return (key: string) => (extending ? key.startsWith(query) : key === prefix);
      });
      const hasEvery = (url: string) => matchers.every((matches) => words.some((word) => word.url === url && matches(word.key)));
      return found((key) => matchers.some((matches) => matches(key)), hasEvery);
    },
  };
  return { pagefind, asked };
}

const pages = {
  '/reconnection/': 'Reconnection after a connection lost',
  '/nginx/': 'nginx buffers the stream and held events and lost connection',
  '/symptoms/': 'Chromium says net::ERR_HTTP2_PROTOCOL_ERROR here',
};

describe('the words of a query', () => {
  it('are split at white space, as Pagefind splits them', () => {
    expect(queryWords('  nginx   buffering\tsse ')).toEqual(['nginx', 'buffering', 'sse']);
  });

  it('have the parts Pagefind indexes, split at ASCII punctuation', () => {
    expect(wordParts('net::ERR_HTTP2_PROTOCOL_ERROR')).toEqual(['net', 'ERR', 'HTTP2', 'PROTOCOL', 'ERROR']);
    expect(wordParts('text/event-stream')).toEqual(['text', 'event', 'stream']);
    expect(wordParts('Verbindungsabbruch')).toEqual(['Verbindungsabbruch']);
  });

  it('compare in lower case, without accents and the punctuation an excerpt keeps around them', () => {
    expect(comparable('„Verzögert,“')).toBe('verzogert');
    expect(comparable('ob_flush()')).toBe('ob_flush');
  });

  it('are read from the marks of an excerpt', () => {
    expect(markedWords('a <mark>Reconnection</mark> and <mark>„Verbindung</mark>')).toEqual(['Reconnection', '„Verbindung']);
  });

  it('count as the beginning of a page word only when a marked word starts with them', () => {
    expect(marksBeginWith('reconn', ['Reconnection'])).toBe(true);
    expect(marksBeginWith('Rasenmäher', ['\\r'])).toBe(false);
    expect(marksBeginWith('...', ['anything'])).toBe(false);
  });

  it('count as the beginning of a page word when they begin a part of it, as Pagefind indexes the parts', () => {
    expect(marksBeginWith('ERR_INCOMPLETE_CHUNKED_ENCODING', ['net::ERR_INCOMPLETE_CHUNKED_ENCODING'])).toBe(true);
    expect(marksBeginWith('flush', ['ob_flush()'])).toBe(true);
    expect(marksBeginWith('lush', ['ob_flush()'])).toBe(false);
  });

  it('in quotes are an exact phrase', () => {
    expect(isExactPhrase(' "connection lost" ')).toBe(true);
    expect(isExactPhrase('connection "lost"')).toBe(false);
  });
});

describe('searchWordsOnPages', () => {
  it('finds nothing for a word on no page, where the fallback would have matched a shorter word', async () => {
    const { pagefind } = pagefindOver(pages);
    expect((await pagefind.search('streamline'))?.results).toHaveLength(1); // the fallback to "stream"
    expect((await searchWordsOnPages(pagefind, 'streamline'))?.results).toEqual([]);
  });

  it('searches with all the words when each is on a page', async () => {
    const { pagefind, asked } = pagefindOver(pages);
    const found = await searchWordsOnPages(pagefind, 'connection  lost');
    expect(found?.results.map(({ id }) => id)).toEqual(['/reconnection/', '/nginx/']);
    expect(asked).toContain('connection lost');
  });

  it('puts the pages that have the words in a row first', async () => {
    const { pagefind } = pagefindOver(pages);
    expect((await pagefind.search('lost connection'))?.results.map(({ id }) => id)).toEqual(['/reconnection/', '/nginx/']);
    const found = await searchWordsOnPages(pagefind, 'lost connection');
    expect(found?.results.map(({ id }) => id)).toEqual(['/nginx/', '/reconnection/']);
  });

  it('keeps a word typed halfway, which begins a word on a page', async () => {
    const { pagefind } = pagefindOver(pages);
    expect((await searchWordsOnPages(pagefind, 'reconn'))?.results).toHaveLength(1);
  });

  it('leaves out the words on no page and searches with the others', async () => {
    const { pagefind, asked } = pagefindOver(pages);
    expect((await searchWordsOnPages(pagefind, 'nginx streamline'))?.results).toHaveLength(1);
    expect(asked.at(-1)).toBe('nginx');
  });

  it('looks a word with punctuation up by its parts when the whole is on no page', async () => {
    const { pagefind, asked } = pagefindOver(pages);
    expect((await searchWordsOnPages(pagefind, 'ERR_HTTP2_PROTOCOL_ERROR'))?.results).toHaveLength(1);
    expect(asked).toContain('ERR HTTP2 PROTOCOL ERROR');
  });

  it('does not split a word without punctuation, so an identifier from code finds nothing', async () => {
    const { pagefind } = pagefindOver(pages);
    expect((await searchWordsOnPages(pagefind, 'heldBack'))?.results).toEqual([]);
  });

  it('passes a quoted phrase to Pagefind untouched', async () => {
    const { pagefind, asked } = pagefindOver(pages);
    await searchWordsOnPages(pagefind, '"streamline"');
    expect(asked).toEqual(['"streamline"']);
  });
});
