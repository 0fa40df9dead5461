/**
 * Apache's counterpart of nginx's proxy_read_timeout, with the files of the
 * "Apache as a reverse proxy" page on Debian's apache2: mod_proxy_http waits
 * for the backend's next bytes at most the worker's `timeout=`, which
 * defaults to ProxyTimeout, which defaults to the server's Timeout. Counted
 * between two reads, not over the whole response: a heartbeat shorter than
 * it keeps a quiet stream open.
 *
 * The backend is src/snippets/nginx/backend.mjs with its first tick 20 s
 * away (TICK_MS) and the heartbeat off or every second or two (HEARTBEAT_MS).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { measureArrivals, type Client } from '../harness/arrivals.ts';
import { describeWithServers } from '../harness/requirements.ts';
import type { Apache } from '../harness/apache.ts';
import { snippet } from '../../helpers/snippets.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { startReverseProxy, withBackendBehindProxy } from './proxy-setup.ts';

const onBusyMachine = { retry: 2 };

const guideSite = snippet('apache/reverse-proxy.conf');
const timeoutSite = snippet('apache/broken/proxy-timeout-5s.conf');
/** The guide's vhost without the worker's timeout=, so ProxyTimeout or Timeout decides. */
const guideWithoutWorkerTimeout = guideSite.replace(' timeout=60', '');

/** The backend's first tick is 20 s away; until then it sends a heartbeat every `heartbeatMs` (0: nothing at all). */
function withQuietBackend<T>(heartbeatMs: number, site: string, body: (apache: Apache) => Promise<T>, serverConfig?: string): Promise<T> {
  return withBackendBehindProxy(site, { TICK_MS: '20000', HEARTBEAT_MS: String(heartbeatMs) }, body, serverConfig ? { serverConfig } : {});
}

/** Reads a quiet stream until Apache cuts it; resolves with how long that took and what the client said. */
async function timeUntilCut(url: string, client: Client = 'node-http1'): Promise<{ afterMs: number; error: string }> {
  const started = Date.now();
  const outcome = await measureArrivals(url, { client, timeoutMs: 12_000 }).then(
    (stream) => `ended=${stream.ended}, ${stream.arrivals.length} events`,
    (error: unknown) => String(error),
  );
  return { afterMs: Date.now() - started, error: outcome };
}

/** The error log's AH01110 line, once Apache has written it. */
async function expectReadTimeoutLogged(apache: Apache): Promise<void> {
  await waitFor(() => /AH01110/.test(apache.logs()), 3_000, 'AH01110 in the error log').catch(() => {});
  expect(apache.logs()).toMatch(/\(70007\)The timeout specified has expired: .* AH01110: error reading response/);
}

describeWithServers(['apache2', 'openssl', 'curl'], 'Apache mod_proxy_http: timeout= against a quiet stream', () => {
  it.concurrent('timeout=5 cuts a stream whose backend is silent for longer, after 5 s; curl reports a broken chunked body', onBusyMachine, async () => {
    await withQuietBackend(0, timeoutSite, async (apache) => {
      const cut = await timeUntilCut(apache.url('/events'), 'curl-http1');
      expect(cut.error).toMatch(/curl: \(18\) transfer closed with outstanding read data remaining/);
      expect(cut.afterMs).toBeGreaterThanOrEqual(5_000 - 200);
      expect(cut.afterMs).toBeLessThan(5_000 + 2_000);
      await expectReadTimeoutLogged(apache);
    });
  });

  it.concurrent('a heartbeat every 2 s keeps the same stream open past timeout=5', onBusyMachine, async () => {
    await withQuietBackend(2_000, timeoutSite, async (apache) => {
      const stream = await measureArrivals(apache.url('/events'), { timeoutMs: 8_000 });
      expect(stream.status).toBe(200);
      expect(stream.ended, 'Apache must not end the stream').toBe(false);
      expect(stream.comments.length).toBeGreaterThanOrEqual(3);
      expect(apache.logs()).not.toMatch(/AH01110/);
    });
  });

  it.concurrent('a backend silent before its headers gets the reader a 502, not a 504, after timeout=5', onBusyMachine, async () => {
    const silent = createServer(() => {
      // Accept the request, never answer.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const apache = await startReverseProxy(timeoutSite, `127.0.0.1:${(silent.address() as AddressInfo).port}`);
      try {
        const started = Date.now();
        const response = await fetch(apache.url('/events'), { signal: AbortSignal.timeout(12_000) });
        await response.text();
        const answeredAfter = Date.now() - started;
        expect(response.status).toBe(502);
        expect(answeredAfter).toBeGreaterThanOrEqual(5_000 - 200);
        expect(answeredAfter).toBeLessThan(5_000 + 2_000);
        expect(apache.logs()).toMatch(/AH00898: Error reading from remote server/);
      } finally {
        await apache.stop();
      }
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it.concurrent('without timeout=, the server-wide Timeout decides: Timeout 3 cuts the quiet stream after 3 s', onBusyMachine, async () => {
    expect(guideWithoutWorkerTimeout).not.toBe(guideSite);
    await withQuietBackend(0, guideWithoutWorkerTimeout, async (apache) => {
      // Over HTTP/2 Apache resets the stream instead of breaking off a chunked body.
      const cuts = await Promise.all([timeUntilCut(apache.httpsUrl('/events')), timeUntilCut(apache.httpsUrl('/events'), 'curl-http2')]);
      expect(cuts[0].error).toMatch(/aborted/);
      expect(cuts[1].error).toMatch(/curl: \(92\) HTTP\/2 stream 1 was not closed cleanly: INTERNAL_ERROR/);
      for (const cut of cuts) {
        expect(cut.afterMs).toBeGreaterThanOrEqual(3_000 - 200);
        expect(cut.afterMs).toBeLessThan(3_000 + 2_000);
      }
      await expectReadTimeoutLogged(apache);
    }, 'Timeout 3');
  });

  it.concurrent('without timeout=, ProxyTimeout 3 cuts it after 3 s too', onBusyMachine, async () => {
    await withQuietBackend(0, guideWithoutWorkerTimeout, async (apache) => {
      const cut = await timeUntilCut(apache.httpsUrl('/events'));
      expect(cut.afterMs).toBeGreaterThanOrEqual(3_000 - 200);
      expect(cut.afterMs).toBeLessThan(3_000 + 2_000);
      await expectReadTimeoutLogged(apache);
    }, 'ProxyTimeout 3');
  });

  it.concurrent("the guide's timeout=60 wins over Timeout 3 and ProxyTimeout 3, over HTTP/1.1 and HTTP/2", onBusyMachine, async () => {
    await withQuietBackend(0, guideSite, async (apache) => {
      const streams = await Promise.all(
        (['node-http1', 'node-http2'] as const).map((client) => measureArrivals(apache.httpsUrl('/events'), { client, timeoutMs: 5_000 })),
      );
      for (const stream of streams) {
        expect(stream.status).toBe(200);
        expect(stream.ended, `HTTP/${stream.httpVersion}: Apache must not end the stream`).toBe(false);
      }
      expect(apache.logs()).not.toMatch(/AH01110/);
    }, 'Timeout 3\nProxyTimeout 3');
  });
});
