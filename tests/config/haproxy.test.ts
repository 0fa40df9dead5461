/**
 * HAProxy in front of an SSE backend, with the files the HAProxy page shows
 * (src/snippets/haproxy/) on Debian's HAProxy 2.6, and the nginx page's
 * Node backend (backend.mjs: TICK_MS between ticks, HEARTBEAT_MS between
 * heartbeat comments, 0 for none).
 */
import { expect, it } from 'vitest';
import { startApiServer } from '../helpers/api-server.ts';
import { snippet } from '../helpers/snippets.ts';
import { arrivalPattern, describeArrivals, measureArrivals, type MeasuredStream } from './harness/arrivals.ts';
import { startHaproxy } from './harness/haproxy.ts';
import { startNodeScript, type NodeScript } from './harness/node-script.ts';
import { fillPlaceholders } from './harness/placeholders.ts';
import { describeWithServers } from './harness/requirements.ts';

const onBusyMachine = { retry: 2 };
const TICK_MS = 500;

/** Fills the page's placeholders and applies `changes` on top, e.g. `{ 'timeout server 60s': 'timeout server 3s' }`. */
function config(name: string, backend: NodeScript, changes: Record<string, string> = {}) {
  return ({ httpPort, httpsPort, pemFile }: { httpPort: number; httpsPort: number; pemFile: string }): string => {
    const values: Record<string, string> = { 'bind :80': `bind 127.0.0.1:${httpPort}`, '127.0.0.1:3000': backend.address, ...changes };
    const text = snippet(name);
    if (text.includes('bind :443')) {
      values['bind :443'] = `bind 127.0.0.1:${httpsPort}`;
      values['/etc/haproxy/certs/sse.example.com.pem'] = pemFile;
    }
    return fillPlaceholders(text, values);
  };
}

async function throughHaproxy<T>(
  name: string,
  backendEnv: Record<string, string>,
  body: (haproxy: { url(path: string): string; httpsUrl(path: string): string }) => Promise<T>,
  changes: Record<string, string> = {},
): Promise<T> {
  const backend = await startNodeScript('src/snippets/nginx/backend.mjs', backendEnv);
  try {
    const haproxy = await startHaproxy({ config: config(name, backend, changes), tls: snippet(name).includes('bind :443') });
    try {
      return await body(haproxy);
    } catch (error) {
      throw new Error(`${String(error)}\n${haproxy.logs()}`, { cause: error });
    } finally {
      await haproxy.stop();
    }
  } finally {
    await backend.stop();
  }
}

/** Reads a stream until the server ends or cuts it, or `limitMs` passes; how long it lasted and how it ended. */
async function holdOpen(url: string, limitMs: number): Promise<{ lastedMs: number; outcome: 'ended' | 'cut' | 'still open' }> {
  const started = Date.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(limitMs) });
  try {
    for await (const _chunk of response.body!) {
      // Heartbeats only; what counts is when the body stops.
    }
    return { lastedMs: Date.now() - started, outcome: 'ended' };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return { lastedMs: Date.now() - started, outcome: timedOut ? 'still open' : 'cut' };
  }
}

const ticks = (stream: MeasuredStream) => stream.arrivals.filter((arrival) => arrival.event.type === 'tick');

describeWithServers(['haproxy', 'openssl'], 'HAProxy in front of an SSE backend', () => {
  it.concurrent("the page's config passes every event on the moment it is sent, uncompressed, over HTTP/1.1", onBusyMachine, async () => {
    const stream = await throughHaproxy('haproxy/haproxy.cfg', { TICK_MS: String(TICK_MS) }, (haproxy) =>
      measureArrivals(haproxy.url('/events?n=4'), { acceptEncoding: 'gzip' }),
    );
    expect(ticks(stream), describeArrivals(stream)).toHaveLength(4);
    expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
    expect(stream.headers['content-encoding']).toBeUndefined();
  });

  it.concurrent("the page's config streams over HTTP/2 with TLS to the browser", onBusyMachine, async () => {
    const stream = await throughHaproxy('haproxy/haproxy.cfg', { TICK_MS: String(TICK_MS) }, (haproxy) =>
      measureArrivals(haproxy.httpsUrl('/events?n=4'), { client: 'node-http2' }),
    );
    expect(stream.httpVersion).toBe('2');
    expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
  });

  it.concurrent('a stream quiet for longer than timeout server is cut, a long timeout tunnel or not', onBusyMachine, async () => {
    const quiet = { TICK_MS: '60000', HEARTBEAT_MS: '0' };
    const result = await throughHaproxy('haproxy/broken/tunnel-timeout.cfg', quiet, (haproxy) => holdOpen(haproxy.url('/events'), 8_000), {
      'timeout server 60s': 'timeout server 3s',
    });
    expect(result.outcome).toBe('cut');
    expect(result.lastedMs).toBeGreaterThan(2_500);
    expect(result.lastedMs).toBeLessThan(5_000);
  });

  it.concurrent('a heartbeat shorter than timeout server keeps the stream open', onBusyMachine, async () => {
    const beating = { TICK_MS: '60000', HEARTBEAT_MS: '1000' };
    const result = await throughHaproxy('haproxy/haproxy.cfg', beating, (haproxy) => holdOpen(haproxy.url('/events'), 6_000), {
      'timeout server 60s': 'timeout server 3s',
    });
    expect(result.outcome).toBe('still open');
  });

  it.concurrent('timeout client does not cut a quiet stream', onBusyMachine, async () => {
    const quiet = { TICK_MS: '60000', HEARTBEAT_MS: '0' };
    const result = await throughHaproxy('haproxy/haproxy.cfg', quiet, (haproxy) => holdOpen(haproxy.url('/events'), 6_000), {
      'timeout client 30s': 'timeout client 2s',
    });
    expect(result.outcome).toBe('still open');
  });

  it.concurrent('with text/event-stream in the compression types every event waits in the compressor for the next write', onBusyMachine, async () => {
    const stream = await throughHaproxy('haproxy/broken/compress-event-stream.cfg', { TICK_MS: '1000' }, (haproxy) =>
      measureArrivals(haproxy.url('/events?n=4'), { acceptEncoding: 'gzip' }),
    );
    expect(stream.headers['content-encoding']).toBe('gzip');
    const delays = ticks(stream).map((arrival) => arrival.delayMs!);
    expect(delays, describeArrivals(stream)).toHaveLength(4);
    // Each of the first three comes out with the next one, a tick late; the last with the end.
    for (const delay of delays.slice(0, 3)) expect(delay, describeArrivals(stream)).toBeGreaterThan(700);
  });

  it.concurrent('a backend that sends Cache-Control: no-transform is never compressed by HAProxy', onBusyMachine, async () => {
    const api = await startApiServer();
    try {
      const haproxy = await startHaproxy({
        config: ({ httpPort }) =>
          fillPlaceholders(snippet('haproxy/broken/compress-event-stream.cfg'), {
            'bind :80': `bind 127.0.0.1:${httpPort}`,
            '127.0.0.1:3000': new URL(api.url('/')).host,
          }),
      });
      try {
        const stream = await measureArrivals(haproxy.url('/api/sse/clock?n=3'), {
          acceptEncoding: 'gzip',
          sentAt: (event) => (event.type === 'tick' ? Date.parse((JSON.parse(event.data) as { t: string }).t) : undefined),
        });
        expect(stream.headers['cache-control']).toContain('no-transform');
        expect(stream.headers['content-encoding']).toBeUndefined();
        expect(arrivalPattern(ticks(stream)), describeArrivals(stream)).toBe('one by one');
      } finally {
        await haproxy.stop();
      }
    } finally {
      await api.close();
    }
  });
});
