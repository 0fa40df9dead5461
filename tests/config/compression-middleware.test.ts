/**
 * The "compression middleware" symptom, reduced to what such middleware
 * does: it pipes every response through a gzip stream when the request
 * says `Accept-Encoding: gzip`. gzip collects its input until its buffer is
 * full or it is told to flush, so events wait unless the application
 * flushes the compressor after each one. The same stream without
 * `Accept-Encoding` is not compressed and streams; that difference is how
 * the symptoms page tells a reader to confirm the cause.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalPattern, describeArrivals, measureArrivals } from './harness/arrivals.ts';

const TICK_MS = 1000;
/** Two retries: "on time" is 300 ms, and a busy two-core machine can stall the test process longer. */
const onBusyMachine = { retry: 2 };
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const flushEachEvent = req.url === '/events?flush=1';
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      ...(gzip && { 'Content-Encoding': 'gzip' }),
    });
    res.flushHeaders();
    const compressor = gzip ? zlib.createGzip() : undefined;
    compressor?.pipe(res);
    const body = compressor ?? res;
    let i = 0;
    const timer = setInterval(() => {
      i += 1;
      body.write(`data: ${JSON.stringify({ i, time: new Date().toISOString() })}\n\n`);
      if (flushEachEvent) compressor?.flush(zlib.constants.Z_SYNC_FLUSH);
      if (i === 5) {
        clearInterval(timer);
        body.end();
      }
    }, TICK_MS);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('a compression middleware in front of an event stream', () => {
  it.concurrent('holds every event until the stream ends when the browser accepts gzip', onBusyMachine, async () => {
    const stream = await measureArrivals(`${base}/events`, { acceptEncoding: 'gzip' });
    expect(stream.headers['content-encoding']).toBe('gzip');
    expect(stream.arrivals, describeArrivals(stream)).toHaveLength(5);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
  });

  it.concurrent('streams the same events on time to a client that does not ask for gzip', onBusyMachine, async () => {
    const stream = await measureArrivals(`${base}/events`);
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
  });

  it.concurrent('streams on time, compressed, when the application flushes the compressor after each event', onBusyMachine, async () => {
    const stream = await measureArrivals(`${base}/events?flush=1`, { acceptEncoding: 'gzip' });
    expect(stream.headers['content-encoding']).toBe('gzip');
    expect(stream.arrivals, describeArrivals(stream)).toHaveLength(5);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
  });
});
