/**
 * Every response of the production server carries the security headers,
 * whichever handler wrote it: pages, assets, Astro's 404, the API's JSON,
 * event streams, error answers and HEAD.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionServer, type ProductionServer } from '../helpers/production-server.ts';

let server: ProductionServer;
beforeAll(async () => {
  server = await startProductionServer();
});
afterAll(() => server.stop());

function headersOf(path: string, method = 'GET', extra: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request(`${server.url}${path.slice(1)}`, { method, headers: extra }, (res) => {
      resolve({ status: res.statusCode!, headers: res.headers });
      res.destroy();
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{"name":"A","text":"hi"}' : undefined);
  });
}

describe('the security headers', () => {
  it.each([
    ['a page', '/start/quick-start/', 'GET', 200],
    ['a page to HEAD', '/start/quick-start/', 'HEAD', 200],
    ['a missing page', '/no-such-page/', 'GET', 404],
    ['a method pages do not take', '/start/quick-start/', 'DELETE', 405],
    ['the status JSON', '/api/status', 'GET', 200],
    ['an event stream', '/api/sse/room', 'GET', 200],
    ['an event stream to HEAD', '/api/sse/idle', 'HEAD', 200],
    ['a room message', '/api/room', 'POST', 201],
    ['an API error', '/api/sse/clock?n=0', 'GET', 400],
  ])('are on %s', async (_what, path, method, status) => {
    const answer = await headersOf(path, method, method === 'POST' ? { 'Content-Type': 'application/json' } : {});
    expect(answer.status).toBe(status);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('same-origin');
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });

  it('leave the event stream headers as they are, each once', async () => {
    const { headers } = await headersOf('/api/sse/room');
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(headers['cache-control']).toBe('no-cache, no-transform');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});
