/**
 * What an SSE backend behind the "Apache as a reverse proxy" page's vhost
 * sees, on Debian's apache2: the request headers mod_proxy_http sends, and
 * when the backend's response closes after the reader has gone.
 *
 * The backend here is a recording stand-in (not a page's file): it writes an
 * event every WRITE_MS and notes each write and the moment its response
 * closes. Apache reads from the backend, not from the browser, while a
 * stream is quiet; it notices a reader that has gone only when it passes the
 * backend's next bytes on.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { measureArrivals, type Client } from '../harness/arrivals.ts';
import { describeWithServers } from '../harness/requirements.ts';
import type { Apache } from '../harness/apache.ts';
import { snippet } from '../../helpers/snippets.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { startReverseProxy } from './proxy-setup.ts';

const onBusyMachine = { retry: 2 };
const WRITE_MS = 2_000;

interface RecordedRequest {
  headers: IncomingHttpHeaders;
  httpVersion: string;
  writes: number[];
  closedAt: number | undefined;
}

async function withRecordingBackend<T>(body: (apache: Apache, requests: RecordedRequest[]) => Promise<T>): Promise<T> {
  const requests: RecordedRequest[] = [];
  const backend = createServer((req, res) => {
    const seen: RecordedRequest = { headers: req.headers, httpVersion: req.httpVersion, writes: [], closedAt: undefined };
    requests.push(seen);
    // X-Accel-Buffering is nginx's header; Apache has no use for it.
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    const write = () => {
      seen.writes.push(Date.now());
      res.write(`data: ${JSON.stringify({ time: new Date().toISOString() })}\n\n`);
    };
    write();
    const timer = setInterval(write, WRITE_MS);
    res.on('close', () => {
      seen.closedAt = Date.now();
      clearInterval(timer);
    });
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  try {
    const apache = await startReverseProxy(snippet('apache/reverse-proxy.conf'), `127.0.0.1:${(backend.address() as AddressInfo).port}`);
    try {
      return await body(apache, requests);
    } finally {
      await apache.stop();
    }
  } finally {
    backend.closeAllConnections();
    backend.close();
  }
}

/** Reads the first event, hangs up, and waits for the backend's response to close. */
async function leaveAfterFirstEvent(apache: Apache, requests: RecordedRequest[], client: Client) {
  const before = requests.length;
  const stream = await measureArrivals(apache.httpsUrl('/events'), { client, maxEvents: 1 });
  const leftAt = stream.endedAt;
  const seen = requests[before]!;
  await waitFor(() => seen.closedAt !== undefined, 3 * WRITE_MS + 2_000, 'the backend response to close');
  const writesAfterLeaving = seen.writes.filter((at) => at > leftAt);
  return { leftAt, closedAt: seen.closedAt!, writesAfterLeaving };
}

describeWithServers(['apache2', 'openssl'], 'Apache mod_proxy_http: what the backend sees', () => {
  it.concurrent("the backend gets the browser's Host, X-Forwarded-For, -Host and -Proto, over HTTP/1.1 also behind HTTP/2; X-Accel-Buffering goes back unchanged", onBusyMachine, async () => {
    await withRecordingBackend(async (apache, requests) => {
      const stream = await measureArrivals(apache.httpsUrl('/events'), { maxEvents: 1 });
      // Unlike nginx, which acts on the header and drops it, Apache passes it on: an nginx in front of this Apache still sees it.
      expect(stream.headers['x-accel-buffering']).toBe('no');
      const { headers, httpVersion } = requests[0]!;
      const browserHost = new URL(apache.httpsUrl('/')).host;
      expect(httpVersion).toBe('1.1');
      expect(headers.host).toBe(browserHost);
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(headers['x-forwarded-host']).toBe(browserHost);
      expect(headers['x-forwarded-proto']).toBe('https');
      // HTTP/2 towards the browser changes nothing towards the backend.
      const overHttp2 = await measureArrivals(apache.httpsUrl('/events'), { client: 'node-http2', maxEvents: 1 });
      expect(overHttp2.httpVersion).toBe('2');
      expect(requests[1]!.httpVersion).toBe('1.1');
    });
  });

  it.concurrent('over HTTP/2, the backend learns the reader has gone at its next write, and not before', onBusyMachine, async () => {
    await withRecordingBackend(async (apache, requests) => {
      const { closedAt, writesAfterLeaving } = await leaveAfterFirstEvent(apache, requests, 'node-http2');
      expect(writesAfterLeaving).toHaveLength(1);
      expect(closedAt - writesAfterLeaving[0]!).toBeLessThan(500);
    });
  });

  it.concurrent('over HTTP/1.1, at its next write or the one after, and not before', onBusyMachine, async () => {
    await withRecordingBackend(async (apache, requests) => {
      const { closedAt, writesAfterLeaving } = await leaveAfterFirstEvent(apache, requests, 'node-http1');
      expect(writesAfterLeaving.length).toBeGreaterThanOrEqual(1);
      expect(writesAfterLeaving.length).toBeLessThanOrEqual(2);
      expect(closedAt - writesAfterLeaving.at(-1)!).toBeLessThan(500);
    });
  });
});
