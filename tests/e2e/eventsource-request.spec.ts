/**
 * What Chromium's own EventSource puts on the wire, for the claims of the
 * HTTP and authentication pages: the request headers that follow from the
 * `no-store` cache mode (Fetch, "HTTP-network-or-cache fetch"), and a
 * cross-origin reconnect that sends `Last-Event-ID` without a CORS preflight
 * (https://github.com/whatwg/fetch/issues/568). The page and the stream are
 * two small servers on two loopback origins; no site build is involved.
 */
import { expect, test } from '@playwright/test';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Seen {
  method: string;
  headers: IncomingHttpHeaders;
}

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

test('a cross-origin EventSource sends no-cache request headers and reconnects with Last-Event-ID without a preflight', async ({ page }) => {
  const seen: Seen[] = [];
  let pageOrigin = '';
  // The stream: the first GET gets one event with an id and a short retry,
  // then ends, so the browser reconnects; the reconnect gets a 204 (stop).
  const stream = createServer((req, res) => {
    seen.push({ method: req.method ?? '', headers: req.headers });
    const cors = { 'Access-Control-Allow-Origin': pageOrigin, Vary: 'Origin' };
    if (req.method !== 'GET') return void res.writeHead(405, cors).end();
    const gets = seen.filter((s) => s.method === 'GET').length;
    if (gets > 1) return void res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.end('retry: 200\nid: 7\ndata: first\n\n');
  });
  const streamOrigin = await listen(stream, '127.0.0.1');

  const site = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><meta charset="utf-8"><title>es</title>
<script>
  window.log = [];
  const source = new EventSource('${streamOrigin}/events');
  source.onmessage = (e) => log.push('message ' + e.data + ' ' + e.lastEventId);
  source.onerror = () => log.push('error ' + source.readyState);
</script>`);
  });
  pageOrigin = await listen(site, 'localhost');

  try {
    await page.goto(`${pageOrigin}/`);
    // message, error (CONNECTING) after the end, error (CLOSED) after the 204.
    await expect.poll(() => page.evaluate(() => (window as unknown as { log: string[] }).log), { timeout: 10_000 }).toEqual([
      'message first 7',
      'error 0',
      'error 2',
    ]);

    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET']);
    const [first, reconnect] = seen.map((s) => s.headers);
    for (const headers of [first!, reconnect!]) {
      expect(headers['accept']).toBe('text/event-stream');
      expect(headers['cache-control']).toBe('no-cache');
      expect(headers['pragma']).toBe('no-cache');
      expect(headers['origin']).toBe(pageOrigin);
    }
    expect(first!['last-event-id']).toBeUndefined();
    expect(reconnect!['last-event-id']).toBe('7');
  } finally {
    stream.closeAllConnections();
    site.closeAllConnections();
    await Promise.all([stream, site].map((s) => new Promise((resolve) => s.close(resolve))));
  }
});
