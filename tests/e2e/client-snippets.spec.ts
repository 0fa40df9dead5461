/**
 * The client snippets of the Client pages, loaded as they are into Chromium:
 * the fetch-based reader and the EventSource clients against the Express
 * server snippet, the EventSource reference client and the shared-stream
 * leader against small fixture servers written here. Pages are served with
 * page.route() on the origin of the stream, so no static server is needed.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSnippetServer, type SnippetServer } from '../helpers/snippet-server.ts';
import { snippet, snippetPath } from '../helpers/snippets.ts';

const expressScript = snippetPath('node/express-server.mjs');
const parserDist = new URL('../../node_modules/eventsource-parser/dist/', import.meta.url);
const API_TOKEN = 'e2e-token-93ad';

/**
 * The test page (`body` is its module script; `window.log` collects what it
 * sees), the snippets under /snippets/ (by their names under src/snippets/) and the npm parser under
 * /vendor/, with an import map as a bundler would resolve it.
 */
function pageFile(pathname: string, body: string): { type: string; text: string } | undefined {
  const name = pathname.split('/').pop()!;
  if (pathname === '/') {
    const text = `<!doctype html><meta charset="utf-8"><title>snippet</title>
<script type="importmap">{"imports":{"eventsource-parser":"/vendor/eventsource-parser/index.js"}}</script>
<script type="module">window.log = []; ${body}</script>`;
    return { type: 'text/html; charset=utf-8', text };
  }
  if (pathname.startsWith('/snippets/')) return { type: 'text/javascript', text: snippet(pathname.slice('/snippets/'.length)) };
  if (pathname.startsWith('/vendor/eventsource-parser/')) return { type: 'text/javascript', text: readFileSync(new URL(name, parserDist), 'utf8') };
  return undefined;
}

/** Serves the test page on `origin`, the origin of the stream, with page.route(). */
async function routePage(context: BrowserContext, origin: string, body: string): Promise<void> {
  await context.route(
    (url) => url.origin === origin && pageFile(url.pathname, body) !== undefined,
    (route) => {
      const file = pageFile(new URL(route.request().url()).pathname, body)!;
      return route.fulfill({ contentType: file.type, body: file.text });
    },
  );
}

/**
 * Serves the test page from a real server on its own port: for a page on
 * another origin than the stream (a page fulfilled by page.route() counts as
 * a public page for Chromium's local-network checks).
 */
async function pageServer(body: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const file = pageFile(new URL(req.url!, 'http://x').pathname, body);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.type }).end(file.text);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` };
}

type Logged = { kind: string; [key: string]: unknown };
const logOf = (page: Page) => page.evaluate(() => (window as unknown as { log: Logged[] }).log);
const ids = (entries: Logged[], kind: string) => entries.filter((e) => e.kind === kind).map((e) => Number(e['id']));

test.describe('the fetch-based reader (fetch-reader.mjs) against the Express server', () => {
  let server: SnippetServer;
  test.beforeEach(async () => {
    server = await startSnippetServer(expressScript, { API_TOKEN });
  });
  test.afterEach(async () => server.stop());

  test('sends the Authorization header and resumes with Last-Event-ID after the server restarts', async ({ context, page }) => {
    await routePage(
      context,
      server.base,
      `import { readEventStream } from '/snippets/client/fetch-reader.mjs';
       window.stop = new AbortController();
       window.done = readEventStream('/events', {
         headers: { Authorization: 'Bearer ${API_TOKEN}' },
         signal: window.stop.signal,
         onOpen: () => log.push({ kind: 'open' }),
         onEvent: (e) => log.push({ kind: e.type, id: e.lastEventId, data: JSON.parse(e.data) }),
       }).then(() => log.push({ kind: 'stopped' }), (error) => log.push({ kind: 'failed', message: String(error) }));`,
    );
    await page.goto(`${server.base}/`);
    // The server streams only to a request with the right bearer token.
    await expect.poll(async () => ids(await logOf(page), 'tick').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

    await server.stop();
    const lastBefore = Math.max(...ids(await logOf(page), 'tick'));
    server = await startSnippetServer(expressScript, { API_TOKEN }, server.port);

    // The new server knows nothing; it continues only from Last-Event-ID.
    await expect.poll(async () => ids(await logOf(page), 'tick').length, { timeout: 15_000 }).toBeGreaterThanOrEqual(lastBefore + 2);
    const log = await logOf(page);
    expect(ids(log, 'tick')).toEqual(Array.from({ length: ids(log, 'tick').length }, (_, i) => i + 1));
    expect(log.filter((e) => e.kind === 'open')).toHaveLength(2);

    await page.evaluate(async () => {
      const w = window as unknown as { stop: AbortController; done: Promise<void> };
      w.stop.abort();
      await w.done;
    });
    expect((await logOf(page)).at(-1)).toEqual({ kind: 'stopped' });
  });

  test('gives up with an error on 401 instead of retrying', async ({ context, page }) => {
    await routePage(
      context,
      server.base,
      `import { readEventStream } from '/snippets/client/fetch-reader.mjs';
       readEventStream('/events', {
         headers: { Authorization: 'Bearer wrong' },
         signal: new AbortController().signal,
         onEvent: (e) => log.push({ kind: e.type }),
       }).then(() => log.push({ kind: 'stopped' }), (error) => log.push({ kind: 'failed', message: String(error) }));`,
    );
    await page.goto(`${server.base}/`);
    await expect.poll(() => logOf(page)).toEqual([{ kind: 'failed', message: expect.stringContaining('401') }]);
  });
});

test.describe('EventSource against the Express server', () => {
  let server: SnippetServer;
  let page: { server: Server; origin: string };
  // Another port on the same host: another origin, but the same site, so the
  // session cookie (SameSite=Lax by default) goes with a credentialed request.
  const crossOriginPage = `import { openCrossOriginStream } from '/snippets/client/with-credentials.mjs';
    openCrossOriginStream(new URLSearchParams(location.search).get('stream'),
      (data, id) => log.push({ kind: 'tick', id }),
      (status) => log.push({ kind: status }));`;
  test.beforeEach(async () => {
    page = await pageServer(crossOriginPage);
    server = await startSnippetServer(expressScript, { API_TOKEN, ALLOWED_ORIGIN: page.origin });
  });
  test.afterEach(async () => {
    await server.stop();
    await closeFixture(page.server);
  });

  test('with-credentials.mjs reads a cross-origin stream with the session cookie', async ({ context, page: tab }) => {
    await context.addCookies([{ name: 'session', value: API_TOKEN, url: server.base }]);
    await tab.goto(`${page.origin}/?stream=${encodeURIComponent(`${server.base}/events`)}`);
    await expect.poll(async () => ids(await logOf(tab), 'tick').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect((await logOf(tab))[0]).toEqual({ kind: 'open' });
  });

  test('with-credentials.mjs without the cookie ends CLOSED after the 401', async ({ page: tab }) => {
    await tab.goto(`${page.origin}/?stream=${encodeURIComponent(`${server.base}/events`)}`);
    await expect.poll(() => logOf(tab)).toEqual([{ kind: 'closed' }]);
  });

  test('stream-token.mjs trades the bearer token for a stream token and comes back with a new one after a restart', async ({ context, page: tab }) => {
    await routePage(
      context,
      server.base,
      `import { openTokenStream } from '/snippets/client/stream-token.mjs';
       openTokenStream(location.origin, async () => '${API_TOKEN}', (data, id) => log.push({ kind: 'tick', id }));`,
    );
    await tab.goto(`${server.base}/`);
    await expect.poll(async () => ids(await logOf(tab), 'tick').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await server.stop();
    const lastBefore = Math.max(...ids(await logOf(tab), 'tick'));
    server = await startSnippetServer(expressScript, { API_TOKEN, ALLOWED_ORIGIN: page.origin }, server.port);
    await expect.poll(async () => ids(await logOf(tab), 'tick').length, { timeout: 15_000 }).toBeGreaterThanOrEqual(lastBefore + 2);
    const ticks = ids(await logOf(tab), 'tick');
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, i) => i + 1));
  });
});

/** A fixture server on 127.0.0.1 whose handler the test sets. */
async function fixtureServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closeFixture(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

const streamHead = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };

test('notifications.mjs routes named and unnamed events and opens a new EventSource with the last id after a 502', async ({ context, page }) => {
  const requests: Array<{ query: string; lastEventIdHeader: string | undefined }> = [];
  const { server, origin } = await fixtureServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname !== '/notifications') return void res.writeHead(404).end();
    requests.push({ query: url.search, lastEventIdHeader: req.headers['last-event-id'] as string | undefined });
    if (requests.length === 2) return void res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad Gateway</h1>');
    res.writeHead(200, streamHead);
    if (requests.length === 1) {
      // Three kinds of event, then the end of the response: the browser reconnects.
      res.end(
        'retry: 200\n\n' +
          'event: notification\nid: 1\ndata: {"title":"Build finished"}\n\n' +
          'event: update\nid: 2\ndata: {"count":3}\n\n' +
          'id: 3\ndata: plain text\n\n',
      );
    } else {
      res.write('event: update\nid: 4\ndata: {"count":4}\n\n');
    }
  });
  try {
    await routePage(
      context,
      origin,
      `import { watchNotifications } from '/snippets/client/notifications.mjs';
       watchNotifications('/notifications', {
         notification: (data, id) => log.push({ kind: 'notification', id, data }),
         update: (data, id) => log.push({ kind: 'update', id, data }),
         message: (data, id) => log.push({ kind: 'message', id, data }),
         status: (text) => log.push({ kind: text }),
       });`,
    );
    await page.goto(`${origin}/`);
    await expect.poll(() => logOf(page), { timeout: 10_000 }).toEqual([
      { kind: 'open' },
      { kind: 'notification', id: '1', data: { title: 'Build finished' } },
      { kind: 'update', id: '2', data: { count: 3 } },
      { kind: 'message', id: '3', data: 'plain text' },
      { kind: 'reconnecting' },
      { kind: 'closed' },
      { kind: 'open' },
      { kind: 'update', id: '4', data: { count: 4 } },
    ]);
    // The browser's reconnect sent the header; the new EventSource could only use the URL.
    expect(requests).toEqual([
      { query: '', lastEventIdHeader: undefined },
      { query: '', lastEventIdHeader: '3' },
      { query: '?lastEventId=3', lastEventIdHeader: undefined },
    ]);
  } finally {
    await closeFixture(server);
  }
});

test('shared-stream.mjs keeps one connection for two tabs and hands it over when the leader closes', async ({ context }) => {
  let open = 0;
  let opened = 0;
  let n = 0;
  const { server, origin } = await fixtureServer((req, res) => {
    if (req.url !== '/ticks') return void res.writeHead(404).end();
    open += 1;
    opened += 1;
    res.writeHead(200, streamHead);
    const timer = setInterval(() => res.write(`event: tick\nid: ${++n}\ndata: ${n}\n\n`), 100);
    res.on('close', () => {
      clearInterval(timer);
      open -= 1;
    });
  });
  try {
    await routePage(
      context,
      origin,
      `import { sharedEventSource } from '/snippets/client/shared-stream.mjs';
       sharedEventSource('/ticks', ['tick'], (event) => log.push({ kind: event.type, id: event.lastEventId }));`,
    );
    const first = await context.newPage();
    await first.goto(`${origin}/`);
    await expect.poll(async () => ids(await logOf(first), 'tick').length).toBeGreaterThan(0);
    const second = await context.newPage();
    await second.goto(`${origin}/`);
    await expect.poll(async () => ids(await logOf(second), 'tick').length).toBeGreaterThanOrEqual(3);
    expect(open).toBe(1);
    expect(opened).toBe(1);

    await first.close();
    const seen = ids(await logOf(second), 'tick').length;
    await expect.poll(() => opened, { timeout: 10_000 }).toBe(2);
    await expect.poll(async () => ids(await logOf(second), 'tick').length).toBeGreaterThan(seen + 3);
    expect(open).toBe(1);
  } finally {
    await closeFixture(server);
  }
});
