/**
 * Caddy in front of an SSE backend, with the files the Caddy page shows
 * (src/snippets/caddy/) on Debian's Caddy 2.6.2.
 *
 * Two backends: the nginx page's backend.mjs (a tick a second, small
 * writes), and a small one here whose stream opens with a 2 KiB comment,
 * as a stream does that replays a history or pads its start for an old
 * polyfill: Caddy's `encode` compresses a response once a first write
 * reaches its minimum length (512 bytes), and then the events stay in the
 * compressor.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { startApiServer } from '../helpers/api-server.ts';
import { snippet } from '../helpers/snippets.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { arrivalPattern, describeArrivals, measureArrivals, type MeasuredStream } from './harness/arrivals.ts';
import { startCaddy } from './harness/caddy.ts';
import { startNodeScript } from './harness/node-script.ts';
import { fillPlaceholders } from './harness/placeholders.ts';
import { describeWithServers } from './harness/requirements.ts';

const onBusyMachine = { retry: 2 };
const TICK_MS = 500;

/** The page's placeholders: the host (Caddy then listens on the test's port, plain HTTP) and the backend. */
function site(name: string, backend: string) {
  return ({ httpPort }: { httpPort: number }): string =>
    fillPlaceholders(snippet(name), { 'sse.example.com': `http://127.0.0.1:${httpPort}`, '127.0.0.1:3000': backend });
}

async function throughCaddy<T>(name: string, backend: string, body: (url: (path: string) => string) => Promise<T>): Promise<T> {
  const caddy = await startCaddy({ site: site(name, backend) });
  try {
    return await body(caddy.url);
  } catch (error) {
    throw new Error(`${String(error)}\n${caddy.logs()}`, { cause: error });
  } finally {
    await caddy.stop();
  }
}

/** `/events`: a 2 KiB comment, then four ticks TICK_MS apart with their send times; `/`: an HTML page. */
async function startPaddedBackend(): Promise<{ address: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/events') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>page</title><p>${'A page worth compressing. '.repeat(100)}</p>`);
      return;
    }
    // The charset parameter and no-transform as Express and the handbook's Node helper send them.
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform' });
    res.write(`: ${'x'.repeat(2048)}\n\n`);
    let i = 0;
    const ticker = setInterval(() => {
      i += 1;
      res.write(`id: ${i}\nevent: tick\ndata: ${JSON.stringify({ i, time: new Date().toISOString() })}\n\n`);
      if (i === 4) {
        clearInterval(ticker);
        res.end();
      }
    }, TICK_MS);
    res.on('close', () => clearInterval(ticker));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const ticks = (stream: MeasuredStream) => stream.arrivals.filter((arrival) => arrival.event.type === 'tick');

describeWithServers(['caddy'], 'Caddy in front of an SSE backend', () => {
  it.concurrent("the page's Caddyfile passes every event on the moment the backend sends it", onBusyMachine, async () => {
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: String(TICK_MS) });
    try {
      const stream = await throughCaddy('caddy/Caddyfile', backend.address, (url) => measureArrivals(url('/events?n=4'), { acceptEncoding: 'gzip' }));
      expect(stream.status).toBe(200);
      expect(ticks(stream), describeArrivals(stream)).toHaveLength(4);
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
    } finally {
      await backend.stop();
    }
  });

  it.concurrent("the page's Caddyfile leaves a stream that opens with 2 KiB uncompressed, and still compresses pages", onBusyMachine, async () => {
    const backend = await startPaddedBackend();
    try {
      await throughCaddy('caddy/Caddyfile', backend.address, async (url) => {
        const stream = await measureArrivals(url('/events'), { acceptEncoding: 'gzip' });
        expect(stream.headers['content-encoding'], describeArrivals(stream)).toBeUndefined();
        expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
        const page = await fetch(url('/'), { headers: { 'Accept-Encoding': 'gzip' } });
        expect(page.headers.get('content-encoding')).toBe('gzip');
      });
    } finally {
      await backend.close();
    }
  });

  it.concurrent('encode in front of everything compresses a stream that opens with 2 KiB and holds its events, no-transform or not', onBusyMachine, async () => {
    const backend = await startPaddedBackend();
    try {
      const stream = await throughCaddy('caddy/broken/encode-everything.Caddyfile', backend.address, (url) =>
        measureArrivals(url('/events'), { acceptEncoding: 'gzip' }),
      );
      expect(stream.headers['content-encoding']).toBe('gzip');
      // Nothing decodes before the backend ends the response; then all four come at once.
      expect(ticks(stream), describeArrivals(stream)).toHaveLength(4);
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('together at the end');
      expect(ticks(stream)[0]!.delayMs!, describeArrivals(stream)).toBeGreaterThan(2 * TICK_MS);
    } finally {
      await backend.close();
    }
  });

  it.concurrent('encode in front of everything leaves a stream of small writes alone (under its 512-byte minimum)', onBusyMachine, async () => {
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: String(TICK_MS) });
    try {
      const stream = await throughCaddy('caddy/broken/encode-everything.Caddyfile', backend.address, (url) =>
        measureArrivals(url('/events?n=3'), { acceptEncoding: 'gzip' }),
      );
      expect(stream.headers['content-encoding'], describeArrivals(stream)).toBeUndefined();
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
    } finally {
      await backend.stop();
    }
  });

  it.concurrent('a server write timeout cuts every stream at that time, heartbeat or not', onBusyMachine, async () => {
    // The page's 30 s, shortened for the test; the backend sends a heartbeat every 500 ms.
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: '60000', HEARTBEAT_MS: '500' });
    try {
      const caddy = await startCaddy({
        site: ({ httpPort }) =>
          fillPlaceholders(snippet('caddy/broken/write-timeout.Caddyfile'), {
            'write 30s': 'write 3s',
            'sse.example.com': `http://127.0.0.1:${httpPort}`,
            '127.0.0.1:3000': backend.address,
          }),
      });
      try {
        const started = Date.now();
        const response = await fetch(caddy.url('/events'), { signal: AbortSignal.timeout(8_000) });
        const decoder = new TextDecoder();
        let text = '';
        let failure: unknown;
        try {
          for await (const chunk of response.body!) text += decoder.decode(chunk, { stream: true });
        } catch (error) {
          failure = error;
        }
        const lasted = Date.now() - started;
        expect(text.split(': heartbeat').length - 1, 'heartbeats arrived').toBeGreaterThan(2);
        // Cut mid-response: the chunked body ends without its last chunk, which
        // Chromium reports as net::ERR_INCOMPLETE_CHUNKED_ENCODING.
        expect(String(failure)).toMatch(/terminated|other side closed/i);
        expect(lasted).toBeGreaterThan(2_500);
        expect(lasted).toBeLessThan(5_000);
      } finally {
        await caddy.stop();
      }
    } finally {
      await backend.stop();
    }
  });

  it.concurrent('a browser that goes away: Caddy closes the stream at the backend at once', onBusyMachine, async () => {
    const api = await startApiServer();
    try {
      await throughCaddy('caddy/Caddyfile', new URL(api.url('/')).host, async (url) => {
        const controller = new AbortController();
        const response = await fetch(url('/api/sse/idle?slot=1'), { signal: controller.signal });
        expect(response.status).toBe(200);
        // nginx's header means nothing to Caddy: it reaches the browser.
        expect(response.headers.get('x-accel-buffering')).toBe('no');
        await waitFor(() => api.api.streams.size === 1, 3_000, 'the stream to open at the backend');
        const left = Date.now();
        controller.abort();
        await waitFor(() => api.api.streams.size === 0, 3_000, 'the backend to see the stream closed');
        expect(Date.now() - left).toBeLessThan(1_000);
      });
    } finally {
      await api.close();
    }
  });
});
