/**
 * The failure labs (src/server/demos/failure-lab.ts) against a real HTTP
 * server: the same twelve events, measured as arrival times at the client.
 * Direct delivery spreads them over the 2.75 s they were sent in; the proxy
 * buffer passes them on in 4 KiB batches, and gzip without flushing holds all
 * of them back until the end.
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect } from 'vitest';
import { it } from '../../../helpers/server-fixtures.ts';
import { labEvent, labLimits } from '../../../../src/server/demos/failure-lab.ts';
import { type TestApiServer } from '../../../helpers/api-server.ts';
import { openEventStream, type ArrivedEvent } from '../../../helpers/event-stream-reader.ts';


const sendSpanMs = (labLimits.events - 1) * labLimits.intervalMs;

/** Runs one lab to its end; arrival times are relative to the response headers. */
async function runLab(server: TestApiServer, mode: string) {
  const opened = performance.now();
  const client = await openEventStream(server.url(`/api/sse/lab/${mode}`));
  const headersAt = performance.now();
  await client.ended;
  const lab = client.events.filter((event) => event.type === 'message');
  return {
    client,
    headersAfterMs: headersAt - opened,
    sentMs: lab.map((event) => JSON.parse(event.data).sentMs as number),
    arrivalMs: lab.map((event: ArrivedEvent) => event.at - headersAt),
    done: client.events.filter((event) => event.type === 'done'),
  };
}

const spread = (times: number[]) => Math.max(...times) - Math.min(...times);

describe('the failure labs', () => {
  it('direct: the events arrive one by one, as they are sent', async ({ startApi }) => {
    const server = await startApi();
    const { sentMs, arrivalMs, done } = await runLab(server, 'direct');
    expect(sentMs).toHaveLength(labLimits.events);
    expect(done).toHaveLength(1);
    expect(spread(arrivalMs)).toBeGreaterThan(sendSpanMs * 0.8);
    // Each event arrives close to its send time: no burst anywhere.
    for (let i = 0; i < arrivalMs.length; i++) {
      expect(Math.abs(arrivalMs[i]! - sentMs[i]!), `event ${i + 1}`).toBeLessThan(200);
    }
  });

  it('each lab event is padded with a comment line to exactly 1000 bytes, so twelve fill a 4 KiB buffer twice', () => {
    for (const [i, sentMs] of [[1, 0], [12, 2750.4]] as const) {
      const text = labEvent(i, sentMs);
      expect(Buffer.byteLength(text), `event ${i}`).toBe(labLimits.eventBytes);
      expect(text).toMatch(new RegExp(`^data: \\{"i":${i},"of":12,"sentMs":${sentMs}\\}\n:x+\n\n$`));
    }
    expect(labLimits.events * labLimits.eventBytes).toBeGreaterThan(2 * labLimits.proxyBufferBytes);
  });

  it('proxy-buffer: the events arrive in batches, when 4 KiB have gathered (with events 5 and 9) and at the end', async ({ startApi }) => {
    const server = await startApi();
    const { sentMs, arrivalMs, headersAfterMs, done } = await runLab(server, 'proxy-buffer');
    // The headers are not held back, only the body.
    expect(headersAfterMs).toBeLessThan(1000);
    expect(sentMs.at(-1)).toBeGreaterThanOrEqual(sendSpanMs - 50);
    expect(done).toHaveLength(1);
    // Event 5 ends at byte 5000 and fills the first 4096; event 9 the second (8192); the rest waits for the end.
    const batches = [
      { first: 1, last: 4, releasedBy: 5 },
      { first: 5, last: 8, releasedBy: 9 },
      { first: 9, last: 12, releasedBy: 12 },
    ];
    for (const { first, last, releasedBy } of batches) {
      const batch = arrivalMs.slice(first - 1, last);
      const releasedAt = sentMs[releasedBy - 1]!;
      expect(spread(batch), `events ${first}–${last}`).toBeLessThan(100);
      expect(Math.min(...batch), `events ${first}–${last}`).toBeGreaterThan(releasedAt - 100);
      expect(Math.max(...batch), `events ${first}–${last}`).toBeLessThan(releasedAt + 200);
    }
  });

  it('proxy-buffer: the body leaves the buffer in blocks of exactly 4096 bytes, plus the shorter rest at the end', async ({ startApi }) => {
    const server = await startApi();
    const chunks = await rawChunks(server.url('/api/sse/lab/proxy-buffer'), {});
    // Chunks less than 100 ms apart left the buffer together (a block may reach the client in several reads).
    const batches: Array<{ bytes: number; lastAt: number }> = [];
    for (const chunk of chunks) {
      const last = batches.at(-1);
      if (last && chunk.afterMs - last.lastAt < 100) {
        last.bytes += chunk.bytes.byteLength;
        last.lastAt = chunk.afterMs;
      } else batches.push({ bytes: chunk.bytes.byteLength, lastAt: chunk.afterMs });
    }
    const total = chunks.reduce((sum, chunk) => sum + chunk.bytes.byteLength, 0);
    expect(batches.map((batch) => batch.bytes)).toEqual([4096, 4096, total - 8192]);
    expect(total - 8192).toBeLessThan(4096);
  });

  it('gzip: the body is gzip-compressed and every event arrives together at the end', async ({ startApi }) => {
    const server = await startApi();
    const { client, arrivalMs, sentMs, done } = await runLab(server, 'gzip');
    expect(client.headers.get('content-encoding')).toBe('gzip');
    expect(client.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(sentMs).toHaveLength(labLimits.events);
    expect(done).toHaveLength(1);
    expect(Math.min(...arrivalMs)).toBeGreaterThan(sendSpanMs - 100);
    expect(spread(arrivalMs)).toBeLessThan(100);
  });

  it('gzip: before the end at most the 10-byte gzip header is on the wire', async ({ startApi }) => {
    const server = await startApi();
    const chunks = await rawChunks(server.url('/api/sse/lab/gzip'), { 'Accept-Encoding': 'gzip' });
    const early = chunks.filter((chunk) => chunk.afterMs < sendSpanMs - 100);
    expect(early.reduce((sum, chunk) => sum + chunk.bytes.byteLength, 0)).toBeLessThanOrEqual(10);
    const text = gunzipSync(Buffer.concat(chunks.map((chunk) => chunk.bytes))).toString('utf8');
    expect(text.match(/^data: /gm)).toHaveLength(labLimits.events + 1);
  });

  it('gzip: a client that does not accept gzip gets 406 telling it how to ask', async ({ startApi }) => {
    const server = await startApi();
    for (const acceptEncoding of ['identity', 'gzip;q=0, br']) {
      const response = await fetch(server.url('/api/sse/lab/gzip'), { headers: { 'Accept-Encoding': acceptEncoding } });
      expect(response.status, acceptEncoding).toBe(406);
      expect(await response.text()).toMatch(/Accept-Encoding: gzip/);
    }
  });

  it('allows one run of three streams per client address at a time: the fourth gets 429 with Retry-After', async ({ startApi }) => {
    const server = await startApi();
    const open = await Promise.all(['direct', 'proxy-buffer', 'gzip'].map((mode) => openEventStream(server.url(`/api/sse/lab/${mode}`))));
    expect(open.map((client) => client.status)).toEqual([200, 200, 200]);
    const fourth = await fetch(server.url('/api/sse/lab/direct'));
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await fourth.text()).toMatch(/^One lab run at a time/);
    // A stream that ends frees its place.
    open[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await openEventStream(server.url('/api/sse/lab/direct'));
    expect(again.status).toBe(200);
    again.close();
    for (const client of open) client.close();
  });

  /** The gzip lab asked with Accept-Encoding: gzip, as curl --compressed asks: status, Content-Encoding and the body as it came. */
  function askGzipLab(server: TestApiServer): Promise<{ status: number; encoding: string | undefined; body: string }> {
    return new Promise((resolve, reject) => {
      request(server.url('/api/sse/lab/gzip'), { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, encoding: res.headers['content-encoding'], body }));
      })
        .on('error', reject)
        .end();
    });
  }

  it('answers the gzip lab\'s 429 and 503 in plain text, without Content-Encoding: gzip', async ({ startApi }) => {
    const server = await startApi();
    const open = await Promise.all(['direct', 'proxy-buffer', 'gzip'].map((mode) => openEventStream(server.url(`/api/sse/lab/${mode}`))));
    const perClient = await askGzipLab(server);
    expect(perClient.status).toBe(429);
    expect(perClient.encoding).toBeUndefined();
    expect(perClient.body).toMatch(/^One lab run at a time/);
    for (const client of open) client.close();

    await server.close();
    const capped = await startApi({ maxStreams: 1 });
    const idle = await openEventStream(capped.url('/api/sse/idle'));
    const atCap = await askGzipLab(capped);
    expect(atCap.status).toBe(503);
    expect(atCap.encoding).toBeUndefined();
    expect(atCap.body).toMatch(/^Too many open event streams/);
    idle.close();
  });

  it('answers unknown lab modes with 404', async ({ startApi }) => {
    const server = await startApi();
    for (const path of ['/api/sse/lab/nagle', '/api/sse/lab', '/api/sse/lab/gzip/more']) {
      expect((await fetch(server.url(path))).status, path).toBe(404);
    }
  });
});

/** The raw response body as it arrived on the socket, each chunk with its time after the headers. */
function rawChunks(url: string, headers: Record<string, string>): Promise<Array<{ bytes: Buffer; afterMs: number }>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers });
    req.once('error', reject);
    req.once('response', (res) => {
      const headersAt = performance.now();
      const chunks: Array<{ bytes: Buffer; afterMs: number }> = [];
      res.on('data', (bytes: Buffer) => chunks.push({ bytes, afterMs: performance.now() - headersAt }));
      res.once('end', () => resolve(chunks));
    });
    req.end();
  });
}
