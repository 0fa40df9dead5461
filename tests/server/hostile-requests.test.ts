/**
 * The production server faces the internet: no request, however malformed,
 * may end the process, get a 500, or leave something behind. Thousands of
 * generated requests (methods, targets, headers, bodies and timing drawn
 * from a seeded PRNG, so a failure can be replayed) go to the real server
 * over raw sockets, then the server must still be up and idle.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../helpers/prng.ts';
import { rawExchange } from '../helpers/raw-request.ts';
import { startProductionServer, type ProductionServer } from '../helpers/production-server.ts';

let server: ProductionServer;
beforeAll(async () => {
  server = await startProductionServer();
});
afterAll(() => server.stop());

/** Sends raw bytes (in pieces, with pauses), returns the status code of the answer, or null if the connection closed without one. */
function exchange(port: number, pieces: Array<string | Buffer>, pauseMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const done = (status: number | null): void => {
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => done(null), 2000);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) {
        clearTimeout(timer);
        done(Number(match[1]));
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(/^HTTP\/1\.1 (\d{3})/.exec(received) ? Number(received.slice(9, 12)) : null);
    });
    let index = 0;
    const next = (): void => {
      if (socket.destroyed || index >= pieces.length) return;
      socket.write(pieces[index++]!);
      setTimeout(next, pauseMs);
    };
    socket.once('connect', next);
  });
}

interface Status {
  openStreams: number;
  memory: { rss: number };
}

/** /api/status once no stream is open any more (streams a test cut off take a moment to be noticed), or after 10 s. */
async function statusOnceIdle(base: string): Promise<Status> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = (await (await fetch(`${base}api/status`)).json()) as Status;
    if (status.openStreams === 0 || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'PROPFIND', 'get', 'G\x00T', 'XYZ'];
const TARGETS = [
  '/',
  '/de/',
  '/start/quick-start/',
  '/nope',
  '/api',
  '/api/',
  '/api/status',
  '/api/sse/clock?n=1',
  '/api/sse/clock?n=%',
  '/api/sse/clock?n=99999999999999999999',
  '/api/sse/echo',
  '/api/sse/echo?id=%00%ff',
  '/api/sse/echo?id=' + 'A'.repeat(3000),
  '//[',
  '//',
  '//evil.example/',
  '/..',
  '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/package.json',
  '/_astro/../../package.json',
  '*',
  'http://[/',
  'http://example.com/',
  '/%',
  '/%E0%A4%A',
  '/\u00fc\u4e2d',
  '/api/sse/' + 'a'.repeat(6000),
  '/?' + 'x=1&'.repeat(3000),
  '/\\..\\..\\',
  '/api/sse/clock?n=1#frag',
];
const BODIES = [
  '',
  '{',
  '{"stream": "data: x\\n\\n", "splits": [1e309]}',
  '{"stream": "data: x\\n\\n", "delayMs": 1.5}',
  '{"stream": "data: x\\n\\n", "splits": "1,2"}',
  '{"__proto__": {"polluted": true}, "stream": "data: x\\n\\n"}',
  '{"streamBase64": "////"}',
  '[' .repeat(20_000),
  '"' + '\\u0000'.repeat(1000) + '"',
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** One generated request as the pieces it is sent in. */
function generate(random: () => number): Array<string | Buffer> {
  const method = pick(random, METHODS);
  const target = random() < 0.1 ? `/${Buffer.from(Array.from({ length: 12 }, () => Math.floor(random() * 256))).toString('latin1')}` : pick(random, TARGETS);
  const body = random() < 0.15 ? Buffer.from(Array.from({ length: Math.floor(random() * 2048) }, () => Math.floor(random() * 256))) : Buffer.from(pick(random, BODIES));
  const headers: string[] = [];
  if (random() < 0.9) headers.push('Host: 127.0.0.1');
  if (random() < 0.5) headers.push('Content-Type: application/json');
  const length = random();
  if (length < 0.6) headers.push(`Content-Length: ${body.byteLength}`);
  else if (length < 0.7) headers.push('Content-Length: abc');
  else if (length < 0.75) headers.push(`Content-Length: ${body.byteLength}`, 'Content-Length: 3');
  else if (length < 0.85) headers.push('Transfer-Encoding: chunked');
  else if (length < 0.9) headers.push(`Content-Length: ${10 * 1024 * 1024}`);
  if (random() < 0.1) headers.push(`X-Long: ${'v'.repeat(Math.floor(random() * 40_000))}`);
  if (random() < 0.2) headers.push(`Last-Event-ID: ${pick(random, ['\u0000', '-1', '99999999999999999999', 'ünï', ' '])}`);
  if (random() < 0.2) headers.push(`X-Forwarded-For: ${pick(random, ['garbage', '1.2.3.4, , ::1', '999.1.1.1', ''])}`);
  if (random() < 0.1) headers.push('Accept-Encoding: br;q=abc, gzip;q=-1, *');
  if (random() < 0.05) headers.push('Expect: 100-continue');
  if (random() < 0.05) headers.push('Connection: Upgrade', 'Upgrade: websocket');
  if (random() < 0.05) headers.push(' folded: header');
  if (random() < 0.05) headers.push('Range: bytes=999999999-');
  const version = random() < 0.05 ? pick(random, ['HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'SPDY/3']) : 'HTTP/1.1';
  const chunked = headers.includes('Transfer-Encoding: chunked');
  const payload = chunked ? Buffer.concat([Buffer.from(pick(random, ['zz\r\n', `${body.byteLength.toString(16)}\r\n`])), body, Buffer.from('\r\n0\r\n\r\n')]) : body;
  const head = Buffer.from(`${method} ${target} ${version}\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1');
  const whole = Buffer.concat([head, payload]);
  // Most requests go out at once; some trickle in a few pieces, some stop halfway.
  if (random() < 0.8) return [whole];
  const cut = Math.floor(random() * whole.byteLength);
  return random() < 0.5 ? [whole.subarray(0, cut), whole.subarray(cut)] : [whole.subarray(0, cut)];
}

describe('the production server under hostile requests', () => {
  it('answers or drops each of 3,000 generated requests, never with a 500, and stays up and idle', async () => {
    const random = prng(0x5e5);
    const requests = Array.from({ length: 3000 }, () => generate(random));
    const statuses: Array<number | null> = [];
    const queue = requests.entries();
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        for (const [index, pieces] of queue) {
          statuses[index] = await exchange(server.port, pieces, pieces.length > 1 ? 20 : 0);
        }
      }),
    );

    const serverErrors = statuses.flatMap((status, index) => (status !== null && status >= 500 && status !== 503 ? [{ index, status }] : []));
    expect(serverErrors).toEqual([]);
    // Most requests get an answer; the rest are ones Node's parser or we cut off.
    expect(statuses.filter((status) => status !== null).length).toBeGreaterThan(2000);

    expect(server.process.exitCode).toBeNull();
    const status = await statusOnceIdle(server.url);
    expect(status.openStreams).toBe(0);
    expect(status.memory.rss).toBeLessThan(400 * 1024 * 1024);
    // Nothing the requests did was unexpected, so nothing was logged.
    expect(server.stderr()).toBe('');
  }, 120_000);

  it('refuses headers over 16 KiB with 431 and a one-line reason', async () => {
    const raw = await rawExchange(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'v'.repeat(20_000)}\r\n\r\n`);
    expect(raw.slice(9, 12)).toBe('431');
    expect(raw.split('\r\n\r\n')[1]).toBe('The request headers are larger than the limit of 16 KiB.\n');
  });

  it('closes an event stream when garbage is pipelined behind its request, without writing an answer into the stream', async () => {
    const raw = await rawExchange(server.port, 'GET /api/sse/idle HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP AT ALL\r\n\r\n');
    expect(raw.slice(0, 12)).toBe('HTTP/1.1 200');
    expect(raw).toContain('event: ready');
    expect(raw.match(/HTTP\/1\.1 \d{3} /g)).toHaveLength(1);
  });

  it('answers a body the parser refuses with 400 and a reason while the handler has written nothing yet', async () => {
    const raw = await rawExchange(server.port, 'GET /api/sse/echo?id=x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    expect(raw.match(/HTTP\/1\.1 \d{3} /g)).toHaveLength(1);
    expect(raw.slice(0, 12)).toBe('HTTP/1.1 400');
    expect(raw.split('\r\n\r\n')[1]).toBe('The request is not valid HTTP/1.1 (HPE_INVALID_CHUNK_SIZE).\n');
  });

  it.each([
    ['a target that new URL() cannot read', '//[', 'GET', 400, /^Malformed request target "\/\/\["/],
    ['an absolute-form target', 'http://example.com/', 'GET', 400, /^Malformed request target/],
    ['TRACE on a page', '/nope', 'TRACE', 405, /^Method TRACE is not allowed on pages; use GET, HEAD\./],
    ['POST on a page', '/', 'POST', 405, /^Method POST is not allowed on pages/],
    ['a method Node cannot parse', '/', 'G\x00T', 400, /^The request is not valid HTTP\/1\.1 \(HPE_/],
  ])('refuses %s with a one-line reason and logs nothing', async (_what, target, method, expected, reason) => {
    const before = server.stderr().length;
    const raw = await rawExchange(server.port, `${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(raw.slice(9, 12)).toBe(String(expected));
    expect(raw.split('\r\n\r\n')[1]).toMatch(reason);
    if (expected === 405) expect(raw).toMatch(/\r\nAllow: GET, HEAD\r\n/);
    expect(server.stderr().length).toBe(before);
  });
});
