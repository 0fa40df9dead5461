/**
 * Apache 2.4 with mod_proxy_http in front of an SSE backend, with the files
 * the "Apache as a reverse proxy" page shows, on Debian's apache2.
 *
 * The backend is the nginx page's src/snippets/nginx/backend.mjs (one tick a
 * second, stamped with its send time; no X-Accel-Buffering header), so
 * whether events arrive one by one is up to Apache alone. "On time" means
 * within 300 ms of the send time (harness/arrivals.ts).
 */
import { expect, it } from 'vitest';
import { arrivalPattern, describeArrivals, measureArrivals, type MeasuredStream } from '../harness/arrivals.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { startUnchunkedBackend } from '../harness/unchunked-backend.ts';
import type { Apache } from '../harness/apache.ts';
import { snippet } from '../../helpers/snippets.ts';
import { startReverseProxy, withBackendBehindProxy, type ReverseProxyOptions } from './proxy-setup.ts';

/** Two retries: a two-core machine under load can stall a process now and then; a buffering config fails every run. */
const onBusyMachine = { retry: 2 };

const guideSite = snippet('apache/reverse-proxy.conf');
const withoutLine = (pattern: RegExp): string => {
  if (!pattern.test(guideSite)) throw new Error(`no line ${pattern} in reverse-proxy.conf`);
  return guideSite.replace(pattern, '');
};

function withGuideProxy<T>(
  body: (apache: Apache) => Promise<T>,
  { site = guideSite, ...options }: ReverseProxyOptions & { site?: string } = {},
): Promise<T> {
  return withBackendBehindProxy(site, {}, body, options);
}

function ticks(stream: MeasuredStream) {
  return stream.arrivals.filter((arrival) => arrival.event.type === 'tick');
}

function expectOneByOne(stream: MeasuredStream, count = 5): void {
  expect(stream.status, describeArrivals(stream)).toBe(200);
  expect(ticks(stream), describeArrivals(stream)).toHaveLength(count);
  expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
}

describeWithServers(['apache2', 'openssl', 'curl'], 'Apache mod_proxy_http in front of an SSE backend', () => {
  it.concurrent("the guide's vhost passes every event on at once, over HTTP/1.1 and HTTP/2, uncompressed", onBusyMachine, async () => {
    await withGuideProxy(async (apache) => {
      // Like a browser, each client offers compression; Debian's deflate.conf leaves text/event-stream out anyway.
      const streams = await Promise.all(
        (['node-http1', 'node-http2', 'curl-http2'] as const).map((client) =>
          measureArrivals(apache.httpsUrl('/events?n=5'), { client, acceptEncoding: 'gzip, br' }),
        ),
      );
      expect(streams.map((stream) => stream.httpVersion)).toEqual(['1.1', '2', '2']);
      for (const stream of streams) {
        expectOneByOne(stream);
        expect(stream.headers['content-encoding']).toBeUndefined();
      }
      // Port 80 only redirects.
      const redirect = await fetch(apache.url('/events'), { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('https://localhost/events');
    });
  });

  it.concurrent('it streams even from a backend that sends no chunks and ends the body by closing, with or without flushpackets=on', onBusyMachine, async () => {
    const backend = await startUnchunkedBackend({ events: 5, intervalMs: 1000 });
    try {
      const flushpackets = guideSite.replace('timeout=60', 'timeout=60 flushpackets=on');
      expect(flushpackets).not.toBe(guideSite);
      const streams = await Promise.all(
        [guideSite, flushpackets].map(async (site) => {
          const apache = await startReverseProxy(site, backend.address);
          try {
            return await measureArrivals(apache.httpsUrl('/events'));
          } finally {
            await apache.stop();
          }
        }),
      );
      for (const stream of streams) {
        expect(stream.arrivals, describeArrivals(stream)).toHaveLength(5);
        expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
      }
    } finally {
      await backend.stop();
    }
  });

  it.concurrent("with DEFLATE switched on for text/event-stream server-wide, the vhost's no-gzip keeps the stream uncompressed", onBusyMachine, async () => {
    const stream = await withGuideProxy((apache) => measureArrivals(apache.httpsUrl('/events?n=5'), { acceptEncoding: 'gzip' }), {
      serverConfig: 'AddOutputFilterByType DEFLATE text/event-stream',
    });
    expectOneByOne(stream);
    expect(stream.headers['content-encoding']).toBeUndefined();
  });

  it.concurrent('mod_deflate in front of mod_proxy_http holds no event back: one gzip block per event', onBusyMachine, async () => {
    const noSetEnvIf = withoutLine(/^\s*SetEnvIf Request_URI .*$/m);
    const gzipped = (options: ReverseProxyOptions & { site: string }) =>
      withGuideProxy((apache) => measureArrivals(apache.httpsUrl('/events?n=5'), { acceptEncoding: 'gzip' }), options);
    const streams = await Promise.all([
      // By type, as a reader might add it to deflate.conf...
      gzipped({ site: noSetEnvIf, serverConfig: 'AddOutputFilterByType DEFLATE text/event-stream' }),
      // ...or for every response of the vhost.
      gzipped({ site: noSetEnvIf.replace('ProxyPreserveHost On', 'ProxyPreserveHost On\n    SetOutputFilter DEFLATE') }),
    ]);
    for (const stream of streams) {
      expect(stream.headers['content-encoding']).toBe('gzip');
      expect(stream.chunks.length, describeArrivals(stream)).toBeGreaterThanOrEqual(5);
      expectOneByOne(stream);
    }
  });

  it.concurrent('mod_brotli behaves the same, and no-brotli keeps it off the stream', onBusyMachine, async () => {
    const options = { extraModules: ['brotli'], serverConfig: 'AddOutputFilterByType BROTLI_COMPRESS text/event-stream' };
    const brotli = (site: string) =>
      withGuideProxy((apache) => measureArrivals(apache.httpsUrl('/events?n=5'), { acceptEncoding: 'br' }), { ...options, site });
    const [compressed, guide] = await Promise.all([brotli(withoutLine(/^\s*SetEnvIf Request_URI .*$/m)), brotli(guideSite)]);
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.chunks.length, describeArrivals(compressed)).toBeGreaterThanOrEqual(5);
    expectOneByOne(compressed);
    expect(guide.headers['content-encoding']).toBeUndefined();
    expectOneByOne(guide);
  });
});
