/**
 * proxy_read_timeout against a quiet backend, with the nginx page's
 * src/snippets/nginx/broken/proxy-read-timeout-5s.conf on Debian's nginx.
 *
 * nginx counts the timeout between two reads from the backend, not over the
 * whole response. A backend that says nothing for longer loses the stream;
 * one that writes a comment line now and then keeps it, however long it has
 * no event to send.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { measureArrivals } from './harness/arrivals.ts';
import { describeWithServers } from './harness/requirements.ts';
import { withNginx, type Nginx } from './harness/nginx.ts';
import { startNodeScript } from './harness/node-script.ts';
import { fillPlaceholders } from './harness/placeholders.ts';

/**
 * Two retries: a two-core machine running other builds can stall a process
 * for a moment. A timeout that behaves differently fails every run.
 */
const onBusyMachine = { retry: 2 };

const timeoutConfig = readFileSync(
  new URL('../../src/snippets/nginx/broken/proxy-read-timeout-5s.conf', import.meta.url),
  'utf8',
);
const READ_TIMEOUT_MS = 5_000;

function withTimeoutProxy<T>(backend: string, body: (nginx: Nginx) => Promise<T>): Promise<T> {
  return withNginx(
    {
      site: ({ httpPort }) =>
        fillPlaceholders(timeoutConfig, {
          'listen 80;': `listen 127.0.0.1:${httpPort};`,
          'sse.example.com': 'localhost',
          '127.0.0.1:3000': backend,
        }),
    },
    body,
  );
}

describeWithServers(['nginx'], 'proxy_read_timeout against a quiet backend', () => {
  it.concurrent('a backend silent for 10 s after the headers loses the stream after 5 s', onBusyMachine, async () => {
    // Headers at once, then a first tick only after 10 s, and no heartbeat.
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: '10000', HEARTBEAT_MS: '0' });
    try {
      await withTimeoutProxy(backend.address, async (nginx) => {
        const started = Date.now();
        // nginx has already sent 200 and a chunked body; it can only drop the
        // connection, so the client sees a response that breaks off.
        const outcome = await measureArrivals(nginx.url('/events'), { timeoutMs: 12_000 }).then(
          (stream) => ({ stream, error: undefined }),
          (error: unknown) => ({ stream: undefined, error }),
        );
        const cutAfter = Date.now() - started;
        expect(outcome.stream?.ended ?? true, 'the response ended before our 12 s deadline').toBe(true);
        expect(outcome.stream?.arrivals ?? []).toHaveLength(0);
        expect(cutAfter).toBeGreaterThanOrEqual(READ_TIMEOUT_MS - 200);
        expect(cutAfter).toBeLessThan(READ_TIMEOUT_MS + 2_000);
        expect(nginx.logs()).toMatch(/upstream timed out \(110: Connection timed out\) while reading upstream/);
      });
    } finally {
      await backend.stop();
    }
  });

  it.concurrent('a backend silent before its headers gets the reader a 504 after 5 s', onBusyMachine, async () => {
    const silent = createServer(() => {
      // Accept the request, never answer.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      await withTimeoutProxy(`127.0.0.1:${(silent.address() as AddressInfo).port}`, async (nginx) => {
        const started = Date.now();
        const response = await fetch(nginx.url('/events'), { signal: AbortSignal.timeout(12_000) });
        await response.text();
        const answeredAfter = Date.now() - started;
        expect(response.status).toBe(504);
        expect(answeredAfter).toBeGreaterThanOrEqual(READ_TIMEOUT_MS - 200);
        expect(answeredAfter).toBeLessThan(READ_TIMEOUT_MS + 2_000);
      });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it.concurrent('the same backend with a heartbeat comment every 2 s keeps the stream open past the timeout', onBusyMachine, async () => {
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: '10000', HEARTBEAT_MS: '2000' });
    try {
      await withTimeoutProxy(backend.address, async (nginx) => {
        // Listen for 8 s, well past the 5 s timeout, then hang up ourselves.
        const stream = await measureArrivals(nginx.url('/events'), { timeoutMs: 8_000 });
        expect(stream.status).toBe(200);
        expect(stream.ended, 'nginx must not end the stream').toBe(false);
        expect(stream.comments.length).toBeGreaterThanOrEqual(3);
        expect(nginx.logs()).not.toMatch(/upstream timed out/);
      });
    } finally {
      await backend.stop();
    }
  });
});
