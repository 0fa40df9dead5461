import { request } from 'node:http';
import { describe, expect, vi } from 'vitest';
import { it } from '../../../helpers/server-fixtures.ts';
import { defaultConfig } from '../../../../src/server/config.ts';
import { echoLimits } from '../../../../src/server/demos/echo.ts';
import { type TestApiServer } from '../../../helpers/api-server.ts';
import { collectGarbage } from '../../../helpers/heap.ts';
import { waitFor } from '../../../helpers/wait-for.ts';


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
  it('plays a text stream back byte for byte as text/event-stream, with no heartbeat added', async ({ startApi }) => {
    const server = await startApi();
    const stream = '\uFEFFdata: a\r\n\r\n: comment\rid: 7\n\ndata: ünïcödé 🚀\n\ndata: pending';
    const { response, bytes } = await replay(await create(server, { stream }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(bytes.equals(Buffer.from(stream, 'utf8'))).toBe(true);
  });

  it('plays raw bytes given as base64, invalid UTF-8 included', async ({ startApi }) => {
    const server = await startApi();
    const raw = Buffer.from([0xef, 0xbb, 0xbf, 0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0xc3, 0x0a, 0x0a]);
    const { bytes } = await replay(await create(server, { streamBase64: raw.toString('base64') }));
    expect(bytes.equals(raw)).toBe(true);
  });

  it('cuts the stream at the given offsets and pauses between chunks', async ({ startApi }) => {
    const server = await startApi();
    const { bytes, arrivals } = await replay(
      await create(server, { stream: 'data: one\n\ndata: two\n\n', splits: [5, 11], delayMs: 300 }),
    );
    expect(bytes.toString()).toBe('data: one\n\ndata: two\n\n');
    expect(arrivals.length).toBe(3);
    expect(arrivals[2]! - arrivals[0]!).toBeGreaterThan(450);
  });

  it('answers a replayed id with 204 so that EventSource stops reconnecting', async ({ startApi }) => {
    const server = await startApi();
    const url = await create(server, { stream: 'data: x\n\n' });
    await replay(url);
    const again = await fetch(url);
    expect(again.status).toBe(204);
  });

  it('answers an unknown id with 404 and a missing id with 400 naming it', async ({ startApi }) => {
    const server = await startApi();
    expect((await fetch(server.url('/api/sse/echo?id=nope'))).status).toBe(404);
    const missing = await fetch(server.url('/api/sse/echo'));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('"id"');
  });
});

describe('the echo endpoint refuses, naming the limit', () => {
  it('a stream over 64 KiB', async ({ startApi }) => {
    const server = await startApi();
    const response = await post(server, { stream: 'x'.repeat(echoLimits.maxStreamBytes + 1) });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/size limit is 65536 bytes/);
  });

  it('a request body over the body limit, without reading all of it', async ({ startApi }) => {
    const server = await startApi();
    const response = await post(server, JSON.stringify({ stream: 'x'.repeat(echoLimits.maxBodyBytes) }));
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/limit is 524288 bytes/);
  });

  it('a delay over the delay limit', async ({ startApi }) => {
    const server = await startApi();
    const response = await post(server, { stream: 'data: a\n\n', splits: [3], delayMs: 5000 });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/delay limit is 2000 ms/);
  });

  it('a replay longer than the total duration limit', async ({ startApi }) => {
    const server = await startApi();
    const stream = 'data: x\n\n'.repeat(10);
    const splits = Array.from({ length: 20 }, (_, i) => i + 1);
    const response = await post(server, { stream, splits, delayMs: 2000 });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/total duration limit is 20000 ms/);
  });

  it('too many requests from one client', async ({ startApi }) => {
    const server = await startApi();
    const statuses: number[] = [];
    for (let i = 0; i < defaultConfig.echoRequestsPerMinute; i++) statuses.push((await post(server, { stream: 'data: x\n\n' })).status);
    expect(statuses.every((status) => status === 201)).toBe(true);
    const refused = await post(server, { stream: 'data: x\n\n' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/rate limit is 30 per minute/);
  });

  it.for<[unknown, string]>([
    [{ stream: 'data: a\n\n', splits: [0] }, 'splits'],
    [{ stream: 'data: a\n\n', splits: [4, 2] }, 'splits'],
    [{ stream: 'data: a\n\n', delayMs: -1 }, 'delayMs'],
    [{ stream: 42 }, 'stream'],
    [{ streamBase64: '***' }, 'streamBase64'],
    [[1, 2], 'JSON object'],
  ])('malformed input %j with 400 naming %s', async ([body, name], { startApi }) => {
    const server = await startApi();
    const response = await post(server, body);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(name);
  });

  it('a body that is not JSON', async ({ startApi }) => {
    const server = await startApi();
    expect((await post(server, 'data: x', 'text/plain')).status).toBe(415);
    expect((await post(server, '{oops')).status).toBe(400);
  });

  it('deeply nested JSON in "splits" with 400, and logs nothing', async ({ startApi }) => {
    const server = await startApi();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const depth = 200_000;
    const response = await post(server, `{"stream":"data: x\\n\\n","splits":[${'['.repeat(depth)}${']'.repeat(depth)}]}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^"splits" must hold increasing integer offsets .*; got an array\.\n$/);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it.for<[string, unknown, string]>([
    ['a split', { stream: 'data: x\n\n', splits: ['s'.repeat(400_000)] }, '/api/sse/echo'],
    ['an id', null, `/api/sse/echo?id=${'i'.repeat(8000)}`],
    ['a query parameter', null, `/api/sse/clock?n=${'9'.repeat(8000)}`],
    ['a path', null, `/api/sse/${'p'.repeat(8000)}`],
  ])('with an error message that quotes at most a short piece of %s', async ([_what, body, path], { startApi }) => {
    const server = await startApi();
    const response = body === null ? await fetch(server.url(path)) : await post(server, body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await response.text()).length).toBeLessThan(400);
  });
});

/** The largest request the limits allow: 64 KiB of stream with as many cuts as allowed. */
function worstCaseBody(): string {
  const bytes = Buffer.alloc(echoLimits.maxStreamBytes, 'data: x\n\n');
  const splits = Array.from({ length: echoLimits.maxSplits }, (_, i) => i + 1);
  const body = JSON.stringify({ streamBase64: bytes.toString('base64'), splits, delayMs: 0 });
  expect(body.length).toBeLessThanOrEqual(echoLimits.maxBodyBytes);
  return body;
}

describe('the echo store', () => {
  it('holds memory in proportion to what clients sent: 200 worst-case requests grow the heap by less than 32 MB', async ({ startApi }) => {
    const running = await startApi({ echoRequestsPerMinute: 1000 });
    const body = worstCaseBody();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const statuses: number[] = [];
    let refusal = '';
    for (let i = 0; i < 200; i++) {
      const response = await post(running, body);
      statuses.push(response.status);
      if (response.status === 503) refusal = await response.text();
      else await response.arrayBuffer();
    }
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(40);
    expect(statuses.at(-1)).toBe(503);
    expect(refusal).toMatch(/bytes of streams not played to the end yet; \d+ more would pass its limit of 16777216 bytes/);
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  }, 60_000);

  it('counts a replay against its limits until it has played to the end, then takes new ones again', async ({ startApi }) => {
    const running = await startApi({ echoRequestsPerMinute: 1000 });
    const body = worstCaseBody();
    const urls: string[] = [];
    for (;;) {
      const response = await post(running, body);
      if (response.status !== 201) break;
      urls.push(running.url(((await response.json()) as { url: string }).url));
    }
    const played = await fetch(urls[0]!);
    expect(played.status).toBe(200);
    // Playing, it still holds its bytes.
    const refused = await post(running, body);
    expect(refused.status).toBe(503);
    expect(await refused.text()).toMatch(/not played to the end yet/);
    await played.arrayBuffer();
    await waitFor(() => running.api.streams.size === 0, 5000, 'the replay to end');
    expect((await post(running, body)).status).toBe(201);
  }, 60_000);

  it('refuses more cuts than the playground can ask for', async ({ startApi }) => {
    const server = await startApi();
    const stream = 'x'.repeat(echoLimits.maxSplits + 2);
    const splits = Array.from({ length: echoLimits.maxSplits + 1 }, (_, i) => i + 1);
    const response = await post(server, { stream, splits });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/"splits" has 20001 offsets; the limit is 20000/);
  });

  it('keeps a replay playable when its stream is refused at the stream cap', async ({ startApi }) => {
    const running = await startApi({ maxStreams: 1 });
    const url = await create(running, { stream: 'data: kept\n\n' });
    const clock = await fetch(running.url('/api/sse/clock?n=60'));
    expect((await fetch(url)).status).toBe(503);
    await clock.body?.cancel();
    await waitFor(() => running.api.streams.size === 0, 5000, 'the clock stream to close');
    const { response, bytes } = await replay(url);
    expect(response.status).toBe(200);
    expect(bytes.toString()).toBe('data: kept\n\n');
  });

  it('shows a replay to HEAD without playing it', async ({ startApi }) => {
    const server = await startApi();
    const url = await create(server, { stream: 'data: once\n\n' });
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect((await replay(url)).bytes.toString()).toBe('data: once\n\n');
  });

  it('plays 20,001 chunks with no delay in real time well under the duration limit', async ({ startApi }) => {
    const running = await startApi({ echoRequestsPerMinute: 1000 });
    const response = await post(running, worstCaseBody());
    const { url } = (await response.json()) as { url: string };
    const startedAt = performance.now();
    const { bytes } = await replay(running.url(url));
    expect(bytes.byteLength).toBe(echoLimits.maxStreamBytes);
    expect(performance.now() - startedAt).toBeLessThan(echoLimits.maxTotalMs / 2);
  }, 30_000);

  it('counts the expiry from the moment the request body was complete', async ({ startApi }) => {
    const server = await startApi();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t0 = Date.now();
      const body = JSON.stringify({ stream: 'data: slow upload\n\n' });
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(server.url('/api/sse/echo'), { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode!, text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 5));
        // The upload takes 50 s of the clock before its last byte arrives.
        setTimeout(() => {
          vi.setSystemTime(t0 + 50_000);
          req.end(body.slice(5));
        }, 100);
      });
      const { status, text } = await answer;
      expect(status).toBe(201);
      const url = server.url((JSON.parse(text) as { url: string }).url);
      vi.setSystemTime(t0 + 50_000 + echoLimits.ttlMs - 1000);
      expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
      vi.setSystemTime(t0 + 50_000 + echoLimits.ttlMs + 1000);
      expect((await fetch(url)).status).toBe(404);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the echo at shutdown', () => {
  it('ends a replay under way without adding a retry: line to the reader\'s bytes', async ({ startApi }) => {
    const server = await startApi();
    const url = await create(server, { stream: 'data: a\n\ndata: b\n\n', splits: [9], delayMs: 2000 });
    const response = await fetch(url);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('data: a\n\n');
    server.api.close(5000);
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read()) rest += Buffer.from(part.value).toString();
    expect(rest).toBe('');
  });
});
