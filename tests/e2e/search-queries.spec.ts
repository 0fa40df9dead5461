import type { Page } from '@playwright/test';
import { searchRanking } from '../../src/site/search/ranking.ts';
import { expect, test } from './fixtures.ts';

/**
 * Readers search with their own words: the symptom they see, the error text
 * in their console, the platform they run on, misspellings included. Each
 * query below is such a question, put the way its askers put it; the page
 * that answers it must be among the first three results of the site's search
 * (Pagefind, in the production build, with the ranking the dialog uses).
 * The queries run through the JS API the dialog loads (Pagefind's, answering
 * only for words on a page: src/site/search/words-on-pages.ts); one test per
 * language types into the dialog itself.
 */
type Query = { query: string; pages: string[] };

const english: Query[] = [
  // The platforms and proxies readers run on, and the error texts they paste.
  { query: 'AWS ALB idle timeout', pages: ['/infrastructure/platforms/'] },
  { query: 'Cloud Run request timeout', pages: ['/infrastructure/platforms/'] },
  { query: 'vercel function max duration', pages: ['/infrastructure/platforms/'] },
  { query: 'azure front door timeout', pages: ['/infrastructure/platforms/'] },
  { query: 'api gateway streaming', pages: ['/infrastructure/platforms/'] },
  { query: 'cloudflare tunnel', pages: ['/infrastructure/platforms/', '/troubleshooting/symptoms/'] },
  { query: 'caddy reverse proxy sse', pages: ['/infrastructure/caddy/'] },
  { query: 'haproxy timeout tunnel', pages: ['/infrastructure/haproxy/'] },
  { query: 'No activity within 45000 milliseconds', pages: ['/troubleshooting/symptoms/'] },
  { query: 'EventSource response has a MIME type text/html', pages: ['/troubleshooting/symptoms/'] },
  { query: 'events arrive all at once', pages: ['/troubleshooting/symptoms/', '/infrastructure/buffering-and-compression/'] },
  { query: 'events arrive late', pages: ['/troubleshooting/symptoms/', '/infrastructure/buffering-and-compression/'] },
  { query: 'stream keeps reconnecting', pages: ['/troubleshooting/symptoms/', '/protocol/reconnection/'] },
  { query: 'connection lost', pages: ['/protocol/reconnection/'] },
  { query: 'nginx buffering sse', pages: ['/infrastructure/nginx/', '/troubleshooting/nginx-case-study/'] },
  { query: 'php flush not working', pages: ['/servers/php/'] },
  { query: 'ERR_INCOMPLETE_CHUNKED_ENCODING', pages: ['/troubleshooting/symptoms/'] },
  { query: 'cloudflare 524', pages: ['/troubleshooting/symptoms/', '/infrastructure/platforms/'] },
  { query: 'Server Send Events', pages: ['/start/what-is-sse/', '/'] },
  { query: 'server side events', pages: ['/start/what-is-sse/', '/'] },
  { query: 'what are server sent events', pages: ['/start/what-is-sse/', '/'] },
  { query: 'sse vs websocket', pages: ['/start/what-is-sse/'] },
  { query: 'eventsource authorization header', pages: ['/client/authentication/', '/client/fetch-readers/'] },
  { query: 'send bearer token with eventsource', pages: ['/client/authentication/', '/client/fetch-readers/'] },
  { query: 'eventsource post request', pages: ['/client/fetch-readers/'] },
  { query: 'seventh tab hangs', pages: ['/client/limits/', '/troubleshooting/symptoms/'] },
  { query: 'too many open connections per browser', pages: ['/client/limits/'] },
  { query: 'last-event-id resume after reconnect', pages: ['/protocol/reconnection/'] },
  { query: 'retry field', pages: ['/protocol/event-stream-format/', '/protocol/reconnection/'] },
  { query: 'mime type is not text/event-stream', pages: ['/troubleshooting/symptoms/', '/protocol/http/'] },
  { query: 'gzip breaks sse', pages: ['/infrastructure/buffering-and-compression/', '/troubleshooting/symptoms/'] },
  { query: 'stream dies every 60 seconds', pages: ['/troubleshooting/symptoms/'] },
  { query: 'heartbeat keep alive comment', pages: ['/protocol/http/', '/troubleshooting/symptoms/', '/protocol/event-stream-format/', '/client/in-an-app/'] },
  { query: 'php session blocks other requests', pages: ['/servers/php/', '/troubleshooting/symptoms/'] },
  { query: 'php shared hosting', pages: ['/servers/php/'] },
  { query: 'max_execution_time', pages: ['/servers/php/'] },
  { query: 'broadcast to many clients', pages: ['/servers/broadcasting/'] },
  { query: 'redis pub/sub several instances', pages: ['/servers/scaling-out/'] },
  { query: 'events arrive all at once only in development', pages: ['/servers/dev-proxies/'] },
  { query: 'next.js route handler stream', pages: ['/servers/nextjs/'] },
  { query: 'swoole', pages: ['/servers/async-php/'] },
  { query: 'heroku H12', pages: ['/troubleshooting/symptoms/', '/infrastructure/platforms/'] },
  { query: 'ERR_HTTP2_PROTOCOL_ERROR', pages: ['/troubleshooting/symptoms/'] },
  { query: 'traefik sse', pages: ['/infrastructure/ingress-and-traefik/'] },
  { query: 'haproxy timeout tunnel', pages: ['/infrastructure/haproxy/'] },
  { query: 'stop button', pages: ['/protocol/reconnection/'] },
  // The symptom pages, asked the way readers describe what they see.
  { query: 'events only arrive when the script ends', pages: ['/troubleshooting/symptoms/', '/infrastructure/buffering-and-compression/', '/servers/php/'] },
  { query: 'sse events delayed', pages: ['/troubleshooting/symptoms/', '/infrastructure/buffering-and-compression/'] },
  { query: 'events come in batches', pages: ['/troubleshooting/symptoms/', '/infrastructure/buffering-and-compression/'] },
  { query: 'eventsource keeps reconnecting every minute', pages: ['/troubleshooting/symptoms/'] },
  { query: 'sse works with curl but not in the browser', pages: ['/troubleshooting/symptoms/'] },
  { query: 'no events through nginx, no error', pages: ['/troubleshooting/nginx-case-study/', '/infrastructure/nginx/'] },
  { query: 'why does the seventh tab hang', pages: ['/client/limits/', '/troubleshooting/symptoms/'] },
  { query: 'sse only works in 6 tabs', pages: ['/client/limits/', '/troubleshooting/symptoms/'] },
  { query: 'mod_gzip', pages: ['/infrastructure/buffering-and-compression/'] },
  { query: 'php pages hang while the stream is open', pages: ['/troubleshooting/symptoms/', '/servers/php/'] },
  { query: 'garbage instead of text', pages: ['/troubleshooting/symptoms/'] },
  { query: 'sse connection lost every 60 seconds', pages: ['/troubleshooting/symptoms/'] },
  // Sending credentials and bodies, PHP's flushing and hosting limits, the async PHP servers.
  { query: 'fetch event stream with authorization header', pages: ['/client/fetch-readers/', '/client/authentication/'] },
  { query: 'eventsource custom headers', pages: ['/client/fetch-readers/', '/client/authentication/'] },
  { query: 'sse post request body', pages: ['/client/fetch-readers/'] },
  { query: 'eventsource reconnects every few seconds', pages: ['/protocol/reconnection/', '/troubleshooting/symptoms/'] },
  { query: 'eventsource connection lost', pages: ['/protocol/reconnection/'] },
  { query: 'php events only arrive when the script ends', pages: ['/servers/php/'] },
  { query: 'php ob_flush flush', pages: ['/servers/php/'] },
  { query: 'php-fpm max_children sse', pages: ['/servers/php/', '/infrastructure/apache-php-fpm/'] },
  { query: 'sse on shared hosting', pages: ['/servers/php/'] },
  { query: 'frankenphp sse', pages: ['/servers/async-php/'] },
  { query: 'roadrunner streaming response', pages: ['/servers/async-php/'] },
];

const german: Query[] = [
  // Der Name, wie er oft falsch geschrieben wird.
  { query: 'Server Send Events', pages: ['/de/start/what-is-sse/', '/de/'] },
  { query: 'Server Side Events', pages: ['/de/start/what-is-sse/', '/de/'] },
  // Die Plattformen und Proxys der Leser und die Fehlertexte, die sie einfügen.
  { query: 'AWS ALB Idle-Timeout', pages: ['/de/infrastructure/platforms/'] },
  { query: 'Cloud Run Request-Timeout', pages: ['/de/infrastructure/platforms/'] },
  { query: 'Vercel maximale Laufzeit', pages: ['/de/infrastructure/platforms/'] },
  { query: 'Azure Front Door', pages: ['/de/infrastructure/platforms/'] },
  { query: 'Caddy Reverse Proxy', pages: ['/de/infrastructure/caddy/'] },
  { query: 'HAProxy timeout tunnel', pages: ['/de/infrastructure/haproxy/'] },
  { query: 'ERR_INCOMPLETE_CHUNKED_ENCODING', pages: ['/de/troubleshooting/symptoms/'] },
  { query: 'ERR_HTTP2_PROTOCOL_ERROR', pages: ['/de/troubleshooting/symptoms/'] },
  { query: 'No activity within 45000 milliseconds', pages: ['/de/troubleshooting/symptoms/'] },
  { query: 'EventSource MIME type text/html', pages: ['/de/troubleshooting/symptoms/'] },
  { query: 'Events kommen erst am Skriptende', pages: ['/de/servers/php/', '/de/troubleshooting/symptoms/'] },
  { query: 'Verbindung verloren', pages: ['/de/protocol/reconnection/'] },
  { query: 'Livedaten ohne Neuladen', pages: ['/de/start/what-is-sse/', '/de/'] },
  { query: 'Webhoster Laufzeitbeschränkung', pages: ['/de/servers/php/'] },
  { query: 'Push ohne Polling', pages: ['/de/start/what-is-sse/'] },
  { query: 'verzögert', pages: ['/de/troubleshooting/symptoms/', '/de/infrastructure/buffering-and-compression/'] },
  { query: 'Lebenszeichen', pages: ['/de/protocol/http/', '/de/troubleshooting/symptoms/', '/de/protocol/event-stream-format/'] },
  { query: 'mod_gzip', pages: ['/de/infrastructure/buffering-and-compression/'] },
  { query: 'Echtzeit', pages: ['/de/start/what-is-sse/', '/de/'] },
  { query: 'Verbindungsabbruch', pages: ['/de/protocol/reconnection/'] },
  { query: 'Verbindung wiederherstellen', pages: ['/de/protocol/reconnection/'] },
  { query: 'Events kommen alle auf einmal', pages: ['/de/troubleshooting/symptoms/', '/de/infrastructure/buffering-and-compression/'] },
  { query: 'siebter Tab hängt', pages: ['/de/client/limits/', '/de/troubleshooting/symptoms/'] },
  { query: 'ob_flush', pages: ['/de/servers/php/'] },
  { query: 'PHP Ausgabepuffer leeren', pages: ['/de/servers/php/'] },
  { query: 'nginx Buffering abschalten', pages: ['/de/infrastructure/nginx/', '/de/troubleshooting/nginx-case-study/'] },
  { query: 'Datensalat', pages: ['/de/troubleshooting/symptoms/', '/de/infrastructure/buffering-and-compression/'] },
  { query: 'Token im Header mitschicken', pages: ['/de/client/authentication/', '/de/client/fetch-readers/'] },
  { query: 'EventSource mit POST', pages: ['/de/client/fetch-readers/'] },
  { query: 'Last-Event-ID', pages: ['/de/protocol/reconnection/'] },
  { query: 'Stream bricht nach 60 Sekunden ab', pages: ['/de/troubleshooting/symptoms/'] },
  { query: 'Cloudflare 524', pages: ['/de/troubleshooting/symptoms/', '/de/infrastructure/platforms/'] },
  { query: 'PHP Session blockiert', pages: ['/de/servers/php/', '/de/troubleshooting/symptoms/'] },
  { query: 'Broadcast an viele Clients', pages: ['/de/servers/broadcasting/'] },
  { query: 'mehrere Instanzen Redis', pages: ['/de/servers/scaling-out/'] },
  { query: 'Unterschied zu WebSocket', pages: ['/de/start/what-is-sse/'] },
  { query: 'Webhoster', pages: ['/de/servers/php/'] },
  { query: 'Heroku H12', pages: ['/de/troubleshooting/symptoms/', '/de/infrastructure/platforms/'] },
  { query: 'Swoole', pages: ['/de/servers/async-php/'] },
  { query: 'STOP-Button', pages: ['/de/protocol/reconnection/'] },
  { query: 'Laufzeitbegrenzung', pages: ['/de/servers/php/'] },
  { query: 'Events nur in der Entwicklung alle auf einmal', pages: ['/de/servers/dev-proxies/'] },
  // Die Symptom-Seiten, gefragt mit den Worten, mit denen Leser beschreiben, was sie sehen.
  { query: 'Stream bricht ständig ab', pages: ['/de/troubleshooting/symptoms/', '/de/protocol/reconnection/'] },
  { query: 'Events kommen in Schüben', pages: ['/de/troubleshooting/symptoms/', '/de/infrastructure/buffering-and-compression/'] },
  { query: 'SSE Events kommen verzögert', pages: ['/de/troubleshooting/symptoms/', '/de/infrastructure/buffering-and-compression/'] },
  { query: 'Events erst am Skriptende', pages: ['/de/troubleshooting/symptoms/', '/de/infrastructure/buffering-and-compression/', '/de/servers/php/'] },
  { query: 'warum hängt der siebte Tab', pages: ['/de/client/limits/', '/de/troubleshooting/symptoms/'] },
  { query: 'nginx keine Events, kein Fehler', pages: ['/de/troubleshooting/nginx-case-study/', '/de/infrastructure/nginx/'] },
  { query: 'mod_deflate', pages: ['/de/infrastructure/buffering-and-compression/', '/de/infrastructure/apache-php-fpm/'] },
  { query: 'PHP-Seiten hängen, solange der Stream offen ist', pages: ['/de/troubleshooting/symptoms/', '/de/servers/php/'] },
  { query: 'mit curl pünktlich, im Browser verzögert', pages: ['/de/troubleshooting/symptoms/'] },
  { query: 'Verbindungsabbruch alle 60 Sekunden', pages: ['/de/troubleshooting/symptoms/'] },
  { query: 'EventSource verbindet sich ständig neu', pages: ['/de/troubleshooting/symptoms/', '/de/protocol/reconnection/'] },
  { query: 'zu viele Verbindungen pro Browser', pages: ['/de/client/limits/'] },
  // Der Name wörtlich, Reconnect in eigenen Worten, Zugangsdaten im Request, PHP beim Hoster, asynchrone PHP-Server.
  { query: 'vom Server gesendete Ereignisse', pages: ['/de/start/what-is-sse/', '/de/'] },
  { query: 'SSE Echtzeit PHP', pages: ['/de/start/what-is-sse/', '/de/servers/php/'] },
  { query: 'Verbindung automatisch wiederherstellen', pages: ['/de/protocol/reconnection/'] },
  { query: 'EventSource verbindet sich ständig neu', pages: ['/de/protocol/reconnection/', '/de/troubleshooting/symptoms/'] },
  { query: 'Verbindungsabbruch Events verloren', pages: ['/de/protocol/reconnection/'] },
  { query: 'fetch Stream mit Bearer-Token', pages: ['/de/client/fetch-readers/', '/de/client/authentication/'] },
  { query: 'EventSource eigene Header', pages: ['/de/client/fetch-readers/', '/de/client/authentication/'] },
  { query: 'PHP ob_flush flush', pages: ['/de/servers/php/'] },
  { query: 'pm.max_children SSE', pages: ['/de/servers/php/', '/de/infrastructure/apache-php-fpm/'] },
  { query: 'SSE beim Webhoster', pages: ['/de/servers/php/'] },
  { query: 'FrankenPHP', pages: ['/de/servers/async-php/'] },
  { query: 'RoadRunner Streaming', pages: ['/de/servers/async-php/'] },
];

type Found = { query: string; total: number; top: { url: string; excerpt: string }[]; excerpts: string[] };

/** The dialog's Pagefind API, and Pagefind's own (which also answers words on no page). */
const dialogApi = '/pagefind-words-on-pages/pagefind.js';
const pagefindApi = '/pagefind/pagefind.js';

/** Runs each query through a Pagefind API in the page (its index is the one of the page's language). */
async function searchAll(page: Page, home: string, queries: string[], api = dialogApi): Promise<Found[]> {
  await page.goto(home);
  return page.evaluate(
    async ({ queries, ranking, api }) => {
      const pagefind = await import(api);
      await pagefind.options({ ranking });
      await pagefind.init();
      const found: Found[] = [];
      for (const query of queries) {
        const search = await pagefind.search(query);
        const all = await Promise.all(search.results.map((result: { data: () => Promise<{ url: string; excerpt: string }> }) => result.data()));
        const top = all.slice(0, 3).map(({ url, excerpt }) => ({ url, excerpt }));
        found.push({ query, total: search.results.length, top, excerpts: all.map(({ excerpt }) => excerpt) });
      }
      return found;
    },
    { queries, ranking: searchRanking, api },
  );
}

/**
 * Words that stand only in code blocks (identifiers, English comments), never
 * in a page's prose. With code indexed as prose, the search found them in the
 * code (so a German "Livedaten" matched a comment's "long-lived credential"
 * and "STOP-Button" matched `stop()`); now it finds nothing for them.
 */
const onlyInCode = {
  English: ['heldBack', 'nextTickAt', 'monotonic', 'toISOString'],
  German: ['heldBack', 'nextTickAt', 'monotonic', 'hrtime'],
};

/**
 * Words on no page. Each begins with a word that is on a page, so Pagefind's
 * own search falls back to that shorter word and answers ("spreadsheet" →
 * "spread", "Rasenmäher" → "\r"); the dialog must say it found nothing.
 */
const onNoPage = { English: ['spreadsheet', 'lawnmower'], German: ['Rasenmäher', 'Fahrradreparatur'] } as const;

/** Words typed halfway still find the page whose word they begin. */
const typedHalfway = {
  English: { query: 'reconn', page: '/protocol/reconnection/' },
  German: { query: 'Verbindungsab', page: '/de/protocol/reconnection/' },
};

for (const [language, home, queries] of [
  ['English', '/', english],
  ['German', '/de/', german],
] as const) {
  test(`${language} readers' queries find the page that answers them among the first three results`, async ({ page }) => {
    const found = await searchAll(page, home, queries.map(({ query }) => query));
    const misses = found.filter(({ top }, index) => !top.some(({ url }) => queries[index]!.pages.includes(url)));
    console.log(`${language}: ${queries.length - misses.length} of ${queries.length} queries find their page in the top 3`);
    for (const miss of misses) console.log(`  miss: ${miss.query} -> ${miss.top.map(({ url }) => url).join(', ') || '(nothing)'}`);
    expect(misses.map(({ query }) => query)).toEqual([]);
  });
}

for (const [language, home, query, expected, nothingFound] of [
  ['English', '/', 'connection lost', '/protocol/reconnection/', 'No results for'],
  ['German', '/de/', 'Verbindung verloren', '/de/protocol/reconnection/', 'Keine Ergebnisse für'],
] as const) {
  test(`the ${language} search finds nothing for a word on no page or only in code, and still finds a word typed halfway`, async ({ page }) => {
    const [fallback] = await searchAll(page, home, [onNoPage[language][0]], pagefindApi);
    expect(fallback!.total, `Pagefind's own search falls back for ${fallback!.query}`).toBeGreaterThan(0);

    const found = await searchAll(page, home, [...onlyInCode[language], ...onNoPage[language], typedHalfway[language].query]);
    const answered = found.filter(({ query, total }) => query !== typedHalfway[language].query && total > 0);
    expect(answered.map(({ query, excerpts }) => `${query}: ${excerpts[0]}`)).toEqual([]);
    expect(found.at(-1)!.top.map(({ url }) => url)).toContain(typedHalfway[language].page);
  });

  test(`the ${language} search leaves the demos' and the playground's own texts out`, async ({ page }) => {
    const widgetTexts = language === 'English' ? ['"No events yet"', '"not started"'] : ['"Noch keine Events"', '"nicht gestartet"'];
    const found = await searchAll(page, home, widgetTexts, pagefindApi);
    expect(found.filter(({ total }) => total > 0).map(({ query, top }) => `${query}: ${top[0]?.url}`)).toEqual([]);
  });

  test(`a ${language} query with a word on no page searches with its other words`, async ({ page }) => {
    const [known, mixed] = await searchAll(page, home, ['nginx', `nginx ${onNoPage[language][0]}`]);
    expect(mixed!.total).toBeGreaterThan(0);
    expect(mixed!.top).toEqual(known!.top);
  });

  for (const width of [1280, 375]) {
    test(`typed into the ${language} search dialog at ${width} px, a reader's words find their page first`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(home);
      await page.locator('site-search button[data-open-modal]').click();
      const dialog = page.locator('dialog[open]');
      const input = dialog.locator('.pagefind-ui__search-input');
      await input.fill(query);
      const first = dialog.locator('.pagefind-ui__result-link').first();
      await expect(first).toBeVisible();
      expect(new URL(await first.evaluate((link) => (link as HTMLAnchorElement).href)).pathname).toBe(expected);
      await page.screenshot({ path: testInfo.outputPath(`search-${language}-${width}.png`) });
      // A result whose heading is one long token stays within the screen.
      await input.fill('ERR_INCOMPLETE_CHUNKED_ENCODING');
      await expect(dialog.locator('.pagefind-ui__result-title', { hasText: 'net::ERR_INCOMPLETE_CHUNKED_ENCODING' }).first()).toBeVisible();
      const widest = await dialog
        .locator(':is(.pagefind-ui__result-title, .pagefind-ui__result-excerpt)')
        .evaluateAll((texts) => Math.max(...texts.map((text) => text.getBoundingClientRect().right)));
      expect(widest).toBeLessThanOrEqual(width);
      const word = onNoPage[language][0];
      await input.fill(word);
      await expect(dialog.locator('.pagefind-ui__message')).toHaveText(`${nothingFound} ${word}`);
      await expect(dialog.locator('.pagefind-ui__result')).toHaveCount(0);
    });
  }
}
