/**
 * nginx as a reverse proxy in front of a Node.js SSE backend, with the files
 * the nginx page shows (src/snippets/nginx/) on Debian's nginx.
 *
 * The backend is the page's own src/snippets/nginx/backend.mjs, which sends
 * no X-Accel-Buffering header, so whether events get through is up to the
 * nginx config alone. It ticks once a second, as on the page: "on time"
 * means within 300 ms of the send time (harness/arrivals.ts), and "held
 * back" shows as the first event arriving seconds late.
 */
import { expect, it } from 'vitest';
import { snippet } from '../helpers/snippets.ts';
import { arrivalPattern, describeArrivals, measureArrivals, type MeasuredStream } from './harness/arrivals.ts';
import { describeWithServers } from './harness/requirements.ts';
import { withNginx } from './harness/nginx.ts';
import { measureShownCurl } from './harness/shown-curl.ts';
import { startUnchunkedBackend } from './harness/unchunked-backend.ts';
import { startNodeScript } from './harness/node-script.ts';
import { fillPlaceholders } from './harness/placeholders.ts';
import { startApiServer } from '../helpers/api-server.ts';

/**
 * Two retries: "on time" means within 300 ms of the send time, and a two-core
 * machine running other builds can now and then stall a process for longer.
 * A config that holds events back fails every run.
 */
const onBusyMachine = { retry: 2 };


const TICK_MS = 1000;
const backendScript = 'src/snippets/nginx/backend.mjs';

/** The guide's placeholders: the listen port, the host name, the backend address. */
function site(file: string, backend: string) {
  return ({ httpPort }: { httpPort: number }): string =>
    fillPlaceholders(snippet(file), {
      'listen 80;': `listen 127.0.0.1:${httpPort};`,
      'sse.example.com': 'localhost',
      '127.0.0.1:3000': backend,
    });
}

async function throughProxy(
  file: string,
  path: string,
  options: { backendEnv?: Record<string, string>; http?: string; acceptEncoding?: string } = {},
): Promise<MeasuredStream> {
  const backend = await startNodeScript(backendScript, { TICK_MS: String(TICK_MS), ...options.backendEnv });
  try {
    const { http, acceptEncoding } = options;
    return await withNginx({ site: site(file, backend.address), ...(http && { http }) }, (nginx) =>
      measureArrivals(nginx.url(path), acceptEncoding ? { acceptEncoding } : {}),
    );
  } finally {
    await backend.stop();
  }
}

/** The backend's tick events; its closing `done` event carries no send time. */
function ticks(stream: MeasuredStream) {
  return stream.arrivals.filter((arrival) => arrival.event.type === 'tick');
}

describeWithServers(['nginx'], 'nginx in front of a Node.js SSE backend', () => {
  it.concurrent("the guide's config (sse-proxy.conf) passes every event on the moment the backend sends it", onBusyMachine, async () => {
    const stream = await throughProxy('nginx/sse-proxy.conf', '/events?n=5');
    expect(stream.status).toBe(200);
    expect(ticks(stream), describeArrivals(stream)).toHaveLength(5);
    expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
  });

  it.concurrent('with default proxy settings every event arrives late, all together when the stream ends', onBusyMachine, async () => {
    const stream = await throughProxy('nginx/broken/proxy-defaults.conf', '/events?n=5');
    expect(ticks(stream), describeArrivals(stream)).toHaveLength(5);
    expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('together at the end');
    expect(stream.arrivals[0]!.delayMs!, describeArrivals(stream)).toBeGreaterThan(3 * TICK_MS);
  });

  it.concurrent('with default proxy settings a stream that never ends arrives in proxy-buffer-sized bursts, headers with the first', onBusyMachine, async () => {
    // No ?n: the backend ticks ten times a second (about 45 bytes each) and never ends the response.
    const backend = await startNodeScript(backendScript, { TICK_MS: '100' });
    try {
      // Two buffers' worth take about 12 s; the margin is for a busy machine's slower timers.
      const stream = await withNginx({ site: site('nginx/broken/proxy-defaults.conf', backend.address) }, (nginx) =>
        measureArrivals(nginx.url('/events'), { timeoutMs: 16_000 }),
      );
      const afterStart = (at: number) => at - stream.startedAt;
      // Chunks read within 200 ms of each other are one burst (a busy reader may split a write).
      const bursts: Array<{ bytes: number; at: number }> = [];
      for (const chunk of stream.chunks) {
        const last = bursts.at(-1);
        if (last && chunk.arrivedAt - last.at < 200) last.bytes += chunk.bytes;
        else bursts.push({ bytes: chunk.bytes, at: chunk.arrivedAt });
      }
      const seen = bursts.map((burst) => `${burst.bytes} B at ${afterStart(burst.at)} ms`).join(', ');
      // For seconds not even the status line: a browser's EventSource would not fire `open`.
      expect(stream.headersAt, seen).toBeGreaterThan(0);
      expect(afterStart(stream.headersAt), seen).toBeGreaterThan(3_000);
      // The headers come with the first full buffer (proxy_buffer_size, one 4 KiB page)...
      expect(stream.chunks[0]!.arrivedAt - stream.headersAt, seen).toBeLessThan(200);
      // ...and then a buffer's worth at a time, never an event at a time: not silent forever.
      expect(bursts.length, seen).toBeGreaterThanOrEqual(2);
      for (const burst of bursts) expect(burst.bytes, seen).toBeGreaterThan(3_500);
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('in batches');
    } finally {
      await backend.stop();
    }
  });

  it.concurrent('the bundled endpoint streams through default nginx because it sends X-Accel-Buffering: no', onBusyMachine, async () => {
    const api = await startApiServer();
    try {
      const stream = await withNginx({ site: site('nginx/broken/proxy-defaults.conf', new URL(api.url('/')).host) }, (nginx) =>
        // The clock demo stamps its ticks with `t`, one a second.
        measureArrivals(nginx.url('/api/sse/clock?n=3'), {
          sentAt: (event) => (event.type === 'tick' ? Date.parse((JSON.parse(event.data) as { t: string }).t) : undefined),
        }),
      );
      expect(ticks(stream), describeArrivals(stream)).toHaveLength(3);
      expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
      // nginx acts on the header and does not pass it on to the browser.
      expect(stream.headers['x-accel-buffering']).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it.concurrent("HTTP/1.1 + Connection '' alone streams only while the backend happens to send chunks", onBusyMachine, async () => {
    const chunked = await throughProxy('nginx/broken/proxy-http11-only.conf', '/events?n=5');
    expect(arrivalPattern(ticks(chunked)), describeArrivals(chunked)).toBe('one by one');

    const unchunked = await startUnchunkedBackend({ events: 5, intervalMs: TICK_MS });
    try {
      const stream = await withNginx({ site: site('nginx/broken/proxy-http11-only.conf', unchunked.address) }, (nginx) =>
        measureArrivals(nginx.url('/')),
      );
      expect(stream.arrivals, describeArrivals(stream)).toHaveLength(5);
      expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
    } finally {
      await unchunked.stop();
    }
  });

  it.concurrent('gzip on for text/event-stream still streams once buffering is off: one gzip block per event', onBusyMachine, async () => {
    const stream = await throughProxy('nginx/sse-proxy.conf', '/events?n=5', {
      http: 'gzip on;\ngzip_types text/event-stream;',
      acceptEncoding: 'gzip',
    });
    expect(stream.headers['content-encoding']).toBe('gzip');
    expect(stream.chunks.length, describeArrivals(stream)).toBeGreaterThanOrEqual(5);
    expect(ticks(stream), describeArrivals(stream)).toHaveLength(5);
    expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
  });

  it.concurrent("the guide's HTTPS config streams every event over HTTP/2 with TLS", onBusyMachine, async () => {
    const backend = await startNodeScript(backendScript, { TICK_MS: String(TICK_MS) });
    try {
      await withNginx(
        {
          tls: true,
          site: ({ httpPort, httpsPort, cert }) =>
            fillPlaceholders(snippet('nginx/sse-proxy-https.conf'), {
              'listen 80;': `listen 127.0.0.1:${httpPort};`,
              'listen 443 ssl http2;': `listen 127.0.0.1:${httpsPort} ssl http2;`,
              '/etc/letsencrypt/live/sse.example.com/fullchain.pem': cert!.certFile,
              '/etc/letsencrypt/live/sse.example.com/privkey.pem': cert!.keyFile,
              'sse.example.com': 'localhost',
              '127.0.0.1:3000': backend.address,
            }),
        },
        async (nginx) => {
          // Node's http2 client speaks nothing but HTTP/2; watch-http2.sh is the curl line the page gives the reader.
          const streams = await Promise.all([
            measureArrivals(nginx.httpsUrl('/events?n=5'), { client: 'node-http2' }),
            measureShownCurl('nginx/watch-http2.sh', { 443: nginx.httpsPort }, { maxEvents: 5 }),
          ]);
          for (const stream of streams) {
            expect(stream.status).toBe(200);
            expect(stream.httpVersion).toBe('2');
            expect(ticks(stream), describeArrivals(stream)).toHaveLength(5);
            expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
          }
          // Plain HTTP only redirects; $host is the request's host name without the port.
          const redirect = await fetch(nginx.url('/events'), { redirect: 'manual' });
          expect(redirect.status).toBe(301);
          expect(redirect.headers.get('location')).toBe('https://127.0.0.1/events');
        },
      );
    } finally {
      await backend.stop();
    }
  });
});
