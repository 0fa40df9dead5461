/**
 * Every response of the production server carries the security headers,
 * whichever handler wrote it: pages, assets, Astro's 404, the API's JSON,
 * event streams, error answers and HEAD, and the answers written straight
 * to the socket (the parser's refusals, CONNECT).
 */
import { request } from 'node:http';
import { rawExchange } from '../helpers/raw-request.ts';
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

  it.each([
    ['a request the parser refuses', 'G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n', 400, /^The request is not valid HTTP\/1\.1/],
    ['headers over the limit', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'v'.repeat(20_000)}\r\n\r\n`, 431, /^The request headers are larger/],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405, /^This server is not a proxy: CONNECT is not allowed/],
    ['a path ending in "%"', 'GET /% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, /^Malformed percent-encoding in the path "\/%"/],
    ['a path with "%zz"', 'GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, /^Malformed percent-encoding in the path "\/%zz"/],
    ['a request without Host', 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', 400, /^An HTTP\/1\.1 request must carry a Host header/],
    ['an expectation the server cannot meet', 'GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nConnection: close\r\n\r\n', 417, /^The only expectation this server meets is "Expect: 100-continue", not "teapot"\./],
    ['the not-found page asked for by name', 'GET /404.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 404, /<html/],
  ])('are on the answer to %s, with its status and a Content-Type', async (_what, raw, status, body) => {
    const answer = await rawExchange(server.port, raw);
    const [head = '', rest = ''] = answer.split('\r\n\r\n');
    expect(head.slice(0, 12)).toBe(`HTTP/1.1 ${status}`);
    expect(head).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/i);
    expect(head).toMatch(/\r\nReferrer-Policy: same-origin\r\n/i);
    expect(head).toMatch(/\r\nX-Frame-Options: DENY\r\n/i);
    expect(head).toMatch(status === 404 ? /\r\nContent-Type: text\/html/i : /\r\nContent-Type: text\/plain; charset=utf-8\r\n/i);
    expect(rest).toMatch(body);
  });

  it('leave the event stream headers as they are, each once', async () => {
    const { headers } = await headersOf('/api/sse/room');
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(headers['cache-control']).toBe('no-cache, no-transform');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});
