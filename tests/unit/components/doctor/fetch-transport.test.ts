/**
 * The stream doctor's page transport (src/components/doctor/fetch-transport.ts)
 * against small local servers, with Node's fetch standing in for the
 * browser's: timed chunks, and a bounded run whatever the server does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliLines } from '../../../../src/components/doctor/browser-limits.ts';
import { NoResponseError, observeResume, observeStream, parseStreamUrl } from '../../../../src/components/doctor/fetch-transport.ts';

let server: http.Server;
let base = '';
const seenLastEventIds: Array<string | undefined> = [];
const closedEarly: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '';
    req.socket.on('close', () => closedEarly.push(path));
    if (path === '/two-events') {
      seenLastEventIds.push(req.headers['last-event-id'] as string | undefined);
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'X-Accel-Buffering': 'no' });
      res.write('data: a\n\n');
      setTimeout(() => res.end('data: b\n\n'), 200);
    } else if (path === '/endless-garbage') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const timer = setInterval(() => res.write(Buffer.alloc(1024, 0x41)), 5);
      res.on('close', () => clearInterval(timer));
    } else if (path === '/silent') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': hello\n\n');
    } else if (path === '/moved') {
      res.writeHead(302, { Location: '/two-events' }).end();
    } else if (path === '/no-headers') {
      // Takes the request and never answers.
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options = (extra: Partial<Parameters<typeof observeStream>[1]> = {}) => ({
  durationMs: 5_000,
  maxBytes: 1024 * 1024,
  signal: new AbortController().signal,
  ...extra,
});

describe('the fetch transport', () => {
  it('records each chunk with its arrival time, the headers lower-cased, and a server-side end', async () => {
    const observed = await observeStream(`${base}/two-events`, options());
    expect(observed.status).toBe(200);
    expect(observed.httpVersion).toBeNull();
    expect(observed.headers).toContainEqual(['x-accel-buffering', 'no']);
    const text = observed.chunks.map((chunk) => new TextDecoder().decode(chunk.bytes)).join('');
    expect(text).toBe('data: a\n\ndata: b\n\n');
    expect(observed.chunks.length).toBe(2);
    expect(observed.chunks[1]!.atMs - observed.chunks[0]!.atMs).toBeGreaterThanOrEqual(150);
    expect(observed.end.reason).toBe('closed');
  });

  it('says where a redirect the browser followed ended, and nothing for a direct answer', async () => {
    const moved = await observeStream(`${base}/moved`, options());
    expect(moved.status).toBe(200);
    expect(moved.redirectedTo).toBe(`${base}/two-events`);
    expect((await observeStream(`${base}/two-events`, options())).redirectedTo).toBeUndefined();
  });

  it('stops at the byte cap and hangs up, so a server sending garbage cannot fill the tab', async () => {
    const observed = await observeStream(`${base}/endless-garbage`, options({ maxBytes: 16 * 1024 }));
    expect(observed.end.reason).toBe('size-limit');
    const total = observed.chunks.reduce((sum, chunk) => sum + chunk.bytes.byteLength, 0);
    expect(total).toBeGreaterThanOrEqual(16 * 1024);
    expect(total).toBeLessThan(16 * 1024 + 64 * 1024);
    await expect.poll(() => closedEarly.includes('/endless-garbage')).toBe(true);
  });

  it('stops after its duration on a stream that stays open', async () => {
    const observed = await observeStream(`${base}/silent`, options({ durationMs: 300 }));
    expect(observed.end.reason).toBe('duration');
    expect(observed.end.atMs).toBeGreaterThanOrEqual(290);
    expect(observed.end.atMs).toBeLessThan(3_000);
  });

  it('stops when the reader presses Stop', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const observed = await observeStream(`${base}/silent`, options({ signal: controller.signal }));
    expect(observed.end.reason).toBe('aborted');
  });

  it('gives up on a server that never sends its headers, saying so (not a network error)', async () => {
    const failure = await observeStream(`${base}/no-headers`, options({ durationMs: 300 })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NoResponseError);
    expect((failure as NoResponseError).reason).toBe('duration');
  });

  it('reports a refused connection as no response', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await observeStream(`http://127.0.0.1:${port}/`, options()).catch((error: unknown) => error);
    expect((failure as NoResponseError).reason).toBe('network');
  });

  it('reconnects with Last-Event-ID only when the first response set an id', async () => {
    seenLastEventIds.length = 0;
    await observeResume(`${base}/two-events`, '', options());
    const resumed = await observeResume(`${base}/two-events`, '7', options());
    expect(resumed.lastEventId).toBe('7');
    expect(seenLastEventIds).toEqual([undefined, '7']);
  });
});

describe('the page refuses what it cannot check', () => {
  it('takes http and https URLs, and paths on this site, and nothing else', () => {
    expect(parseStreamUrl('/api/sse/lab/direct', 'https://sse.example/x/')?.href).toBe('https://sse.example/api/sse/lab/direct');
    expect(parseStreamUrl(' http://localhost:3000/events ', 'https://sse.example/')?.href).toBe('http://localhost:3000/events');
    for (const refused of ['ftp://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'http://[::1']) {
      expect(parseStreamUrl(refused, 'https://sse.example/')).toBeNull();
    }
  });

  it('prints the CLI lines with the URL as one shell word, quotes included', () => {
    expect(cliLines("https://x.example/e?a=1&b='2'")).toEqual([
      `npm run doctor -- 'https://x.example/e?a=1&b='\\''2'\\'''`,
      `npx sse-doctor 'https://x.example/e?a=1&b='\\''2'\\'''`,
    ]);
  });
});
