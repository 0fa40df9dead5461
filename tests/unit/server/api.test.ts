import { connect as connectHttp2, createServer as createHttp2Server } from 'node:http2';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as connectTcp, type AddressInfo } from 'node:net';
import { describe, expect } from 'vitest';
import { it } from '../../helpers/server-fixtures.ts';
import { createApi } from '../../../src/server/api.ts';
import { defaultConfig } from '../../../src/server/config.ts';
import { parseTrustedProxies } from '../../../src/server/client-address.ts';
import { OpenStreams } from '../../../src/server/open-streams.ts';
import { readChunks } from '../../helpers/api-server.ts';
import { activeTimers } from '../../helpers/demo-server.ts';
import { waitFor } from '../../helpers/wait-for.ts';


describe('event stream responses', () => {
  it('send the SSE headers and no Connection header of their own', async ({ startApi }) => {
    const { url } = await startApi();
    const response = await fetch(url('/api/sse/clock?n=1'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    await response.body?.cancel();
  });

  it('work over HTTP/2, where a Connection header would make Node throw', async () => {
    const api = createApi(defaultConfig);
    // The compat API's request and response stand in for node:http's here.
    const server = createHttp2Server((req, res) => {
      api.handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const session = connectHttp2(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const stream = session.request({ ':path': '/api/sse/clock?n=1' });
      const headers = await new Promise<Record<string, unknown>>((resolve) => stream.once('response', resolve));
      expect(headers[':status']).toBe(200);
      expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
      let body = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (body += chunk));
      await new Promise((resolve) => stream.once('end', resolve));
      expect(body).toMatch(/^event: tick\ndata: \{"i":1,"t":"[^"]+"\}\n\nevent: done\ndata: \{"ticks":1\}\n\n$/);
    } finally {
      session.close();
      api.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('carry a heartbeat comment at the configured interval', async ({ startApi }) => {
    const { url } = await startApi({ heartbeatMs: 100 });
    const response = await fetch(url('/api/sse/clock?n=5'));
    let text = '';
    for await (const chunk of readChunks(response)) {
      text += chunk.text;
      if (text.includes(': heartbeat\n')) break;
    }
    expect(text.startsWith(': heartbeat\n')).toBe(true);
  });
});

describe('the clock demo', () => {
  it('sends n tick events about one second apart, then done, then ends', async ({ startApi }) => {
    const { url } = await startApi();
    const response = await fetch(url('/api/sse/clock?n=3'));
    const arrivals: number[] = [];
    let text = '';
    for await (const chunk of readChunks(response)) {
      text += chunk.text;
      for (let i = arrivals.length; i < (text.match(/event: tick\n/g) ?? []).length; i++) arrivals.push(chunk.at);
    }
    const ticks = [...text.matchAll(/event: tick\ndata: (.*)\n\n/g)].map((match) => JSON.parse(match[1]!));
    expect(ticks.map((tick) => tick.i)).toEqual([1, 2, 3]);
    expect(Number.isNaN(Date.parse(ticks[0].t))).toBe(false);
    expect(text.endsWith('event: done\ndata: {"ticks":3}\n\n')).toBe(true);
    // Ticks arrive one by one, not in a burst: gaps of about a second.
    for (let i = 1; i < arrivals.length; i++) {
      expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThan(600);
      expect(arrivals[i]! - arrivals[i - 1]!).toBeLessThan(1600);
    }
  });

  it.for(['0', 'abc', '1000', '-1', '1.5', ''])('answers ?n=%s with 400 naming n', async (n, { startApi }) => {
    const { url } = await startApi();
    const response = await fetch(url(`/api/sse/clock?n=${n}`));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toMatch(/^Query parameter "n" must be an integer from 1 to 60/);
  });
});

describe('the API router', () => {
  it('answers unknown demo streams and API paths with 404 and a list of what exists', async ({ startApi }) => {
    const { url } = await startApi();
    for (const path of ['/api/sse/nope', '/api/sse/', '/api/other']) {
      const response = await fetch(url(path));
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain('/api/sse/clock');
    }
  });

  it('answers a wrong method with 405 and Allow', async ({ startApi }) => {
    const { url } = await startApi();
    const response = await fetch(url('/api/sse/clock'), { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await response.text()).toContain('POST');
  });

  it('passes on paths outside /api/', async ({ startApi }) => {
    const { url } = await startApi();
    expect((await fetch(url('/apis'))).status).toBe(418);
    expect((await fetch(url('/'))).status).toBe(418);
  });

  it('reports the open streams in /api/status', async ({ startApi }) => {
    const { url } = await startApi();
    const stream = await fetch(url('/api/sse/clock'));
    const status = await (await fetch(url('/api/status'))).json();
    expect(status).toMatchObject({
      openStreams: 1,
      maxStreams: defaultConfig.maxStreams,
      demos: ['clock', 'echo', 'notifications', 'counter', 'retry', 'progress', 'idle', 'room', 'lab/direct', 'lab/proxy-buffer', 'lab/gzip', 'lab/duration-cap'],
    });
    await stream.body?.cancel();
  });
});

describe('the cap on open streams', () => {
  it('refuses the stream past the cap with 503 and Retry-After, and admits again once one closes', async ({ startApi }) => {
    const { url, api } = await startApi({ maxStreams: 2, maxStreamsPerClient: 10 });
    const first = new AbortController();
    const open = [
      await fetch(url('/api/sse/clock'), { signal: first.signal }),
      await fetch(url('/api/sse/clock')),
    ];
    expect(open.map((response) => response.status)).toEqual([200, 200]);

    const refused = await fetch(url('/api/sse/clock'));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/^Too many open event streams \(limit 2\)/);

    first.abort();
    await waitFor(() => api.streams.size === 1, 5000, 'the aborted stream to be released');
    const admitted = await fetch(url('/api/sse/clock'));
    expect(admitted.status).toBe(200);
    await admitted.body?.cancel();
    await open[1]!.body?.cancel();
  });
});

describe('cleanup when clients go away', () => {
  it('releases every stream and timer after 200 streams are opened and aborted', async ({ startApi }) => {
    const { url, api } = await startApi({ maxStreamsPerClient: 200 });
    const controllers = Array.from({ length: 200 }, () => new AbortController());
    const responses = await Promise.all(
      controllers.map((controller) => fetch(url('/api/sse/clock?n=60'), { signal: controller.signal })),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(api.streams.size).toBe(200);
    // Each open stream holds the clock's tick; the heartbeat is one timer shared by all of them.
    const whileOpen = activeTimers();
    expect(whileOpen).toBeGreaterThanOrEqual(201);

    for (const controller of controllers) controller.abort();
    await waitFor(() => api.streams.size === 0, 10_000, 'all streams to be released');
    // The 200 ticks and the shared heartbeat, which stops with its last stream.
    await waitFor(() => activeTimers() <= whileOpen - 201, 5000, 'the 201 timers to be cleared');
  });
});

describe('backpressure', () => {
  /** A server whose one stream writes 16 KiB events as fast as the event loop allows. */
  async function floodServer() {
    const streams = new OpenStreams({ maxStreams: 10, maxStreamsPerClient: 10, heartbeatMs: 60_000, maxQueuedBytes: 64 * 1024 });
    const outcome = { sentBytes: 0, closedBySlowness: false };
    const payload = 'x'.repeat(16 * 1024);
    const server = createServer((_req, res) => {
      const stream = streams.open(res, { client: 'test' });
      const pump = (): void => {
        if (outcome.sentBytes >= 64 * 1024 * 1024) return stream.end();
        if (!stream.send({ data: payload })) {
          outcome.closedBySlowness = true;
          return;
        }
        outcome.sentBytes += payload.length;
        setImmediate(pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, streams, outcome, port: (server.address() as AddressInfo).port };
  }

  it('closes a stream whose client stops reading, instead of queueing without bound', async () => {
    const { server, streams, outcome, port } = await floodServer();
    const socket = connectTcp(port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause(); // a client that never reads
    try {
      await waitFor(() => outcome.closedBySlowness, 15_000, 'the slow stream to be closed');
      expect(streams.size).toBe(0);
      // It was cut long before the 64 MiB the server meant to send.
      expect(outcome.sentBytes).toBeLessThan(48 * 1024 * 1024);
    } finally {
      socket.destroy();
      server.close();
    }
  });

  it('keeps a stream open while its client keeps up', async () => {
    const { server, outcome, port } = await floodServer();
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      let received = 0;
      for await (const chunk of readChunks(response)) received += chunk.text.length;
      expect(outcome.closedBySlowness).toBe(false);
      expect(received).toBeGreaterThan(64 * 1024 * 1024);
    } finally {
      server.close();
    }
  }, 60_000);
});

describe('the cap on streams per client', () => {
  it('refuses a seventh stream from one address with 429 and Retry-After, while other clients still get theirs', async ({ startApi }) => {
    // 127.0.0.1 is a trusted proxy here, so X-Forwarded-For names the client.
    const { url, api } = await startApi({ trustedProxies: parseTrustedProxies('127.0.0.1') });
    const from = (client: string) => ({ headers: { 'X-Forwarded-For': client } });
    const first = new AbortController();
    const six = [
      await fetch(url('/api/sse/clock?n=60'), { ...from('198.51.100.7'), signal: first.signal }),
      ...(await Promise.all(Array.from({ length: 5 }, () => fetch(url('/api/sse/clock?n=60'), from('198.51.100.7'))))),
    ];
    expect(six.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);

    const seventh = await fetch(url('/api/sse/clock?n=60'), from('198.51.100.7'));
    expect(seventh.status).toBe(429);
    expect(Number(seventh.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await seventh.text()).toMatch(/^Your address has 6 event streams open \(limit 6 per client\)/);

    const other = await fetch(url('/api/sse/clock?n=60'), from('203.0.113.20'));
    expect(other.status).toBe(200);

    first.abort();
    await waitFor(() => api.streams.size === 6, 5000, 'the aborted stream to be released');
    const again = await fetch(url('/api/sse/clock?n=60'), from('198.51.100.7'));
    expect(again.status).toBe(200);
    for (const response of [...six.slice(1), other, again]) await response.body?.cancel();
  });

  it('counts the addresses of one IPv6 /64 as one client, and an IPv4-mapped address as its IPv4 one', async ({ startApi }) => {
    const { url } = await startApi({ maxStreamsPerClient: 2, trustedProxies: parseTrustedProxies('127.0.0.1') });
    const from = (client: string) => ({ headers: { 'X-Forwarded-For': client } });
    const open = [
      await fetch(url('/api/sse/clock?n=60'), from('2001:db8:1:2::1')),
      await fetch(url('/api/sse/clock?n=60'), from('2001:db8:1:2:aaaa:bbbb:cccc:dddd')),
    ];
    expect(open.map((response) => response.status)).toEqual([200, 200]);
    expect((await fetch(url('/api/sse/clock?n=60'), from('2001:db8:1:2::99'))).status).toBe(429);
    const otherNetwork = await fetch(url('/api/sse/clock?n=60'), from('2001:db8:1:3::1'));
    expect(otherNetwork.status).toBe(200);
    const ipv4 = [await fetch(url('/api/sse/clock?n=60'), from('198.51.100.7')), await fetch(url('/api/sse/clock?n=60'), from('::ffff:198.51.100.7'))];
    expect(ipv4.map((response) => response.status)).toEqual([200, 200]);
    expect((await fetch(url('/api/sse/clock?n=60'), from('::ffff:c633:6407'))).status).toBe(429);
    for (const response of [...open, otherNetwork, ...ipv4]) await response.body?.cancel();
  });

  it('counts the room rate of one IPv6 /64 as one client', async ({ startApi }) => {
    const { url } = await startApi({ roomMessagesPerClient: 2, trustedProxies: parseTrustedProxies('127.0.0.1') });
    const post = (client: string) =>
      fetch(url('/api/room'), {
        method: 'POST',
        headers: { 'X-Forwarded-For': client, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', text: 'hi' }),
      });
    expect((await post('2001:db8:5:6::1')).status).toBe(201);
    expect((await post('2001:db8:5:6::2')).status).toBe(201);
    expect((await post('2001:db8:5:6::3')).status).toBe(429);
    expect((await post('2001:db8:5:7::1')).status).toBe(201);
  });

  it('counts by the socket address when no proxy is trusted, whatever X-Forwarded-For says', async ({ startApi }) => {
    const { url } = await startApi({ maxStreamsPerClient: 2 });
    const spoofed = (i: number) => ({ headers: { 'X-Forwarded-For': `192.0.2.${i}` } });
    const open = [await fetch(url('/api/sse/clock?n=60'), spoofed(1)), await fetch(url('/api/sse/clock?n=60'), spoofed(2))];
    expect((await fetch(url('/api/sse/clock?n=60'), spoofed(3))).status).toBe(429);
    for (const response of open) await response.body?.cancel();
  });
});

describe('HEAD on a stream', () => {
  it('answers with the headers of the stream and no body, and holds nothing open', async ({ startApi }) => {
    const { url, api } = await startApi();
    const response = await fetch(url('/api/sse/clock?n=3'), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe('');
    expect(api.streams.size).toBe(0);
    expect((await fetch(url('/api/sse/clock?n=0'), { method: 'HEAD' })).status).toBe(400);
  });
});

describe('a fast reader and one large write', () => {
  it('keeps the stream of a client that reads, even when one event is larger than the queue limit', async () => {
    const streams = new OpenStreams({ maxStreams: 1, maxStreamsPerClient: 1, heartbeatMs: 60_000, maxQueuedBytes: 64 * 1024 });
    const large = 'y'.repeat(1024 * 1024);
    let accepted: boolean | undefined;
    const server = createServer((_req, res) => {
      const stream = streams.open(res, { client: 'test' });
      accepted = stream.send({ data: large });
      stream.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const text = await response.text();
      expect(accepted).toBe(true);
      expect(text).toBe(`data: ${large}\n\n`);
    } finally {
      server.close();
    }
  });
});
