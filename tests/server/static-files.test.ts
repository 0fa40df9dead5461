/**
 * Pages and assets leave the production server compressed, with cache
 * lifetimes that fit what they are; event streams are never compressed or
 * cached.
 */
import { readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionServer, type ProductionServer } from '../helpers/production-server.ts';

let server: ProductionServer;
beforeAll(async () => {
  server = await startProductionServer();
});
afterAll(() => server.stop());

/** A raw GET (fetch would decompress for us and hide the encoding). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(`${server.url}${path.slice(1)}`, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => {
        parts.push(part);
        // An event stream does not end by itself: one chunk tells enough.
        if (String(res.headers['content-type']).startsWith('text/event-stream')) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) });
      res.on('end', done);
      res.on('close', done);
    });
    req.on('error', reject);
    req.end();
  });
}

// The largest script: small chunks (an island that is only a wrapper) are too small to be precompressed.
const scripts = readdirSync('dist/client/_astro').filter((name) => name.endsWith('.js'));
const largest = (name: string): number => statSync(`dist/client/_astro/${name}`).size;
const asset = `/_astro/${scripts.sort((a, b) => largest(b) - largest(a))[0]!}`;

describe('pages and assets', () => {
  it.each(['/start/quick-start/', '/de/', asset])('%s comes as Brotli, gzip or plain, each decoding to the same bytes', async (path) => {
    const plain = await get(path);
    const br = await get(path, { 'Accept-Encoding': 'gzip, deflate, br' });
    const gz = await get(path, { 'Accept-Encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    for (const response of [plain, br, gz]) expect(response.headers['vary']).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 2);
  });

  it('prefers what the client weights higher, and sends nothing compressed it refused', async () => {
    expect((await get('/', { 'Accept-Encoding': 'br;q=0.5, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get('/', { 'Accept-Encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
  });

  it('lets hashed assets be cached for a year and makes HTML revalidate, answering 304 when unchanged', async () => {
    expect((await get(asset)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await get('/start/quick-start/', { 'Accept-Encoding': 'br' });
    expect(page.headers['cache-control']).toBe('no-cache');
    const again = await get('/start/quick-start/', { 'Accept-Encoding': 'br', 'If-None-Match': String(page.headers['etag']) });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get('/start/quick-start/', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body.byteLength).toBe(0);
  });

  it('leaves paths that are no file to Astro, which answers 404 with the site page', async () => {
    const missing = await get('/no/such/page/');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('<html');
  });
});

describe('event streams', () => {
  it('are never compressed or cached, whatever the client accepts', async () => {
    const stream = await get('/api/sse/clock?n=1', { 'Accept-Encoding': 'gzip, br' });
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(stream.headers['cache-control']).toBe('no-cache, no-transform');
  });
});
