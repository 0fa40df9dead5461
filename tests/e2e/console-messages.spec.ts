/**
 * The console messages that "Symptoms by the text you see" quotes, produced
 * in Debian's Chromium by real servers and asserted word for word, so the
 * page quotes what the browser prints:
 * - a chunked stream cut in the middle (the duration-cap lab on the site's
 *   own server) -> net::ERR_INCOMPLETE_CHUNKED_ENCODING, on a 200 response;
 * - an HTTP/2 stream reset in the middle (node:http2 over TLS, as a proxy
 *   does when its upstream breaks) -> net::ERR_HTTP2_PROTOCOL_ERROR;
 * - a text/html answer -> EventSource's MIME type message;
 * - a 504 from a gateway -> "the server responded with a status of 504".
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { ConsoleMessage, Page } from '@playwright/test';
import { createServerDir, type ServerDir } from '../config/harness/server-dir.ts';
import { makeSelfSignedCert } from '../config/harness/tls.ts';
import { expect, test } from './fixtures.ts';

interface Logged {
  type: string;
  text: string;
  url: string;
}

/** Every console message of the page from now on, with the URL it names. */
function recordConsole(page: Page): Logged[] {
  const logged: Logged[] = [];
  page.on('console', (message: ConsoleMessage) => logged.push({ type: message.type(), text: message.text(), url: message.location().url }));
  return logged;
}

/** Opens an EventSource on the page and resolves with its readyState at its first error. */
function openSource(page: Page, url: string): Promise<number> {
  return page.evaluate(
    (source) =>
      new Promise<number>((resolve) => {
        const events = new EventSource(source);
        events.addEventListener('error', () => {
          resolve(events.readyState);
          events.close();
        });
      }),
    url,
  );
}

const blankPage = '<!doctype html><html lang="en"><title>console</title></html>';

test('a chunked stream cut in the middle: net::ERR_INCOMPLETE_CHUNKED_ENCODING on a 200 response', async ({ page }) => {
  const logged = recordConsole(page);
  await page.goto('/');
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/sse/lab/duration-cap')) statuses.push(response.status());
  });
  // CONNECTING (0): a cut stream is a network error, so the browser will reconnect.
  expect(await openSource(page, '/api/sse/lab/duration-cap?capMs=1000')).toBe(0);
  await expect.poll(() => logged.find((entry) => entry.url.includes('/api/sse/lab/duration-cap'))).toEqual({
    type: 'error',
    text: 'Failed to load resource: net::ERR_INCOMPLETE_CHUNKED_ENCODING',
    url: expect.stringContaining('/api/sse/lab/duration-cap?capMs=1000'),
  });
  expect(statuses).toEqual([200]);
});

test('an answer in text/html: the MIME type message, and EventSource gives up', async ({ page }) => {
  const logged = recordConsole(page);
  await page.goto('/');
  // CLOSED (2): a wrong Content-Type fails the connection for good.
  expect(await openSource(page, '/')).toBe(2);
  expect(logged).toContainEqual({
    type: 'error',
    text: 'EventSource\'s response has a MIME type ("text/html") that is not "text/event-stream". Aborting the connection.',
    url: expect.any(String),
  });
});

test.describe('from servers started here', () => {
  let dir: ServerDir;
  let http2: Http2SecureServer;
  let gateway: Server;
  const origin = (server: Http2SecureServer | Server, scheme: string) => `${scheme}://localhost:${(server.address() as AddressInfo).port}`;

  test.beforeAll(async () => {
    dir = createServerDir('console-messages');
    const { certFile, keyFile } = makeSelfSignedCert(dir);
    // A stream that sends one event, then is reset (RST_STREAM) before its end.
    http2 = createSecureServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(blankPage);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('id: 1\ndata: first\n\n');
      res.stream.on('error', () => {});
      setTimeout(() => res.stream.destroy(new Error('the upstream broke')), 300);
    });
    // A gateway whose upstream never answered.
    gateway = createHttpServer((req, res) => {
      if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(blankPage);
      else res.writeHead(504, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>504 Gateway Time-out</h1>');
    });
    await Promise.all([http2, gateway].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  });
  test.afterAll(async () => {
    await Promise.all([http2, gateway].map((server) => new Promise((resolve) => server.close(resolve))));
    await dir.remove();
  });

  test('an HTTP/2 stream reset in the middle: net::ERR_HTTP2_PROTOCOL_ERROR', async ({ browser }) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const logged = recordConsole(page);
    await page.goto(`${origin(http2, 'https')}/`);
    expect(await openSource(page, '/events')).toBe(0);
    await expect.poll(() => logged.find((entry) => entry.url.endsWith('/events'))).toEqual({
      type: 'error',
      text: 'Failed to load resource: net::ERR_HTTP2_PROTOCOL_ERROR',
      url: `${origin(http2, 'https')}/events`,
    });
    await context.close();
  });

  test('a 504 from a gateway: the status in the console, and EventSource gives up', async ({ page }) => {
    const logged = recordConsole(page);
    await page.goto(`${origin(gateway, 'http')}/`);
    expect(await openSource(page, '/events')).toBe(2);
    await expect.poll(() => logged.find((entry) => entry.url.endsWith('/events'))).toEqual({
      type: 'error',
      text: 'Failed to load resource: the server responded with a status of 504 (Gateway Timeout)',
      url: `${origin(gateway, 'http')}/events`,
    });
  });
});
