import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/server/config.ts';
import { echoLimits } from '../../src/server/demos/echo.ts';
import { startApiServer, type TestApiServer } from '../helpers/api-server.ts';

let running: TestApiServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(): Promise<TestApiServer> {
  running = await startApiServer();
  return running;
}

function post(server: TestApiServer, body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(server.url('/api/sse/echo'), {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function create(server: TestApiServer, body: unknown): Promise<string> {
  const response = await post(server, body);
  expect(response.status, await response.clone().text()).toBe(201);
  const { url } = (await response.json()) as { url: string };
  return server.url(url);
}

/** Reads the replay as raw bytes, noting when each network chunk arrived. */
async function replay(url: string): Promise<{ response: Response; bytes: Buffer; arrivals: number[] }> {
  const response = await fetch(url);
  const parts: Buffer[] = [];
  const arrivals: number[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(Buffer.from(value));
    arrivals.push(performance.now());
  }
  return { response, bytes: Buffer.concat(parts), arrivals };
}

describe('the echo endpoint', () => {
  it('plays a text stream back byte for byte as text/event-stream, with no heartbeat added', async () => {
    const server = await start();
    const stream = '\uFEFFdata: a\r\n\r\n: comment\rid: 7\n\ndata: ünïcödé 🚀\n\ndata: pending';
    const { response, bytes } = await replay(await create(server, { stream }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(bytes.equals(Buffer.from(stream, 'utf8'))).toBe(true);
  });

  it('plays raw bytes given as base64, invalid UTF-8 included', async () => {
    const server = await start();
    const raw = Buffer.from([0xef, 0xbb, 0xbf, 0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0xc3, 0x0a, 0x0a]);
    const { bytes } = await replay(await create(server, { streamBase64: raw.toString('base64') }));
    expect(bytes.equals(raw)).toBe(true);
  });

  it('cuts the stream at the given offsets and pauses between chunks', async () => {
    const server = await start();
    const { bytes, arrivals } = await replay(
      await create(server, { stream: 'data: one\n\ndata: two\n\n', splits: [5, 11], delayMs: 300 }),
    );
    expect(bytes.toString()).toBe('data: one\n\ndata: two\n\n');
    expect(arrivals.length).toBe(3);
    expect(arrivals[2]! - arrivals[0]!).toBeGreaterThan(450);
  });

  it('answers a replayed id with 204 so that EventSource stops reconnecting', async () => {
    const server = await start();
    const url = await create(server, { stream: 'data: x\n\n' });
    await replay(url);
    const again = await fetch(url);
    expect(again.status).toBe(204);
  });

  it('answers an unknown id with 404 and a missing id with 400 naming it', async () => {
    const server = await start();
    expect((await fetch(server.url('/api/sse/echo?id=nope'))).status).toBe(404);
    const missing = await fetch(server.url('/api/sse/echo'));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('"id"');
  });
});

describe('the echo endpoint refuses, naming the limit', () => {
  it('a stream over 64 KiB', async () => {
    const server = await start();
    const response = await post(server, { stream: 'x'.repeat(echoLimits.maxStreamBytes + 1) });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/size limit is 65536 bytes/);
  });

  it('a request body over the body limit, without reading all of it', async () => {
    const server = await start();
    const response = await post(server, JSON.stringify({ stream: 'x'.repeat(echoLimits.maxBodyBytes) }));
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/limit is 524288 bytes/);
  });

  it('a delay over the delay limit', async () => {
    const server = await start();
    const response = await post(server, { stream: 'data: a\n\n', splits: [3], delayMs: 5000 });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/delay limit is 2000 ms/);
  });

  it('a replay longer than the total duration limit', async () => {
    const server = await start();
    const stream = 'data: x\n\n'.repeat(10);
    const splits = Array.from({ length: 20 }, (_, i) => i + 1);
    const response = await post(server, { stream, splits, delayMs: 2000 });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/total duration limit is 20000 ms/);
  });

  it('too many requests from one client', async () => {
    const server = await start();
    const statuses: number[] = [];
    for (let i = 0; i < defaultConfig.echoRequestsPerMinute; i++) statuses.push((await post(server, { stream: 'data: x\n\n' })).status);
    expect(statuses.every((status) => status === 201)).toBe(true);
    const refused = await post(server, { stream: 'data: x\n\n' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/rate limit is 30 per minute/);
  });

  it.each([
    [{ stream: 'data: a\n\n', splits: [0] }, 'splits'],
    [{ stream: 'data: a\n\n', splits: [4, 2] }, 'splits'],
    [{ stream: 'data: a\n\n', delayMs: -1 }, 'delayMs'],
    [{ stream: 42 }, 'stream'],
    [{ streamBase64: '***' }, 'streamBase64'],
    [[1, 2], 'JSON object'],
  ])('malformed input %j with 400 naming %s', async (body, name) => {
    const server = await start();
    const response = await post(server, body);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(name);
  });

  it('a body that is not JSON', async () => {
    const server = await start();
    expect((await post(server, 'data: x', 'text/plain')).status).toBe(415);
    expect((await post(server, '{oops')).status).toBe(400);
  });
});
