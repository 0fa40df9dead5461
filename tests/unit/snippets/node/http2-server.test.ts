/**
 * Runs the HTTP/2 server (src/snippets/node/http2-server.mjs) with a
 * self-signed certificate made for the test, and reads its stream over
 * HTTP/2 (several streams on one connection) and over HTTP/1.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventStreamParser, type SseEvent } from '../../../../src/lib/sse/parser.ts';
import { startSnippetServer, type SnippetServer } from '../../../helpers/snippet-server.ts';

const script = fileURLToPath(new URL('../../../../src/snippets/node/http2-server.mjs', import.meta.url));
let server: SnippetServer;
let dir: string;
let cert: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sse-h2-'));
  // prettier-ignore
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'));
  server = await startSnippetServer(script, { TLS_KEY: join(dir, 'key.pem'), TLS_CERT: join(dir, 'cert.pem') });
}, 20_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 10_000);

/** Opens `/events` as one HTTP/2 stream of `session` and resolves with its headers and first event. */
function firstEventOverHttp2(session: http2.ClientHttp2Session) {
  return new Promise<{ headers: http2.IncomingHttpHeaders; event: SseEvent }>((resolve, reject) => {
    const stream = session.request({ ':path': '/events' });
    let headers: http2.IncomingHttpHeaders = {};
    const parser = new EventStreamParser({
      onEvent: (event) => {
        stream.close();
        resolve({ headers, event });
      },
    });
    stream.on('response', (h) => (headers = h));
    stream.on('data', (chunk: Buffer) => parser.feed(chunk));
    stream.on('error', reject);
  });
}

describe('HTTP/2 server (src/snippets/node/http2-server.mjs)', () => {
  it('streams over HTTP/2, three event streams sharing one connection', async () => {
    const session = http2.connect(`https://localhost:${server.port}`, { ca: cert });
    try {
      const results = await Promise.all([1, 2, 3].map(() => firstEventOverHttp2(session)));
      for (const { headers, event } of results) {
        expect(headers[':status']).toBe(200);
        expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
        expect(headers['connection']).toBeUndefined();
        expect(event.type).toBe('time');
        expect(JSON.parse(event.data)).toMatchObject({ http: '2.0' });
      }
    } finally {
      session.close();
    }
  }, 10_000);

  it('falls back to HTTP/1.1 for a client that does not offer h2', async () => {
    const { contentType, event } = await new Promise<{ contentType: string | undefined; event: SseEvent }>((resolve, reject) => {
      const req = https.get(`https://localhost:${server.port}/events`, { agent: new https.Agent({ ca: cert, ALPNProtocols: ['http/1.1'] }) }, (res) => {
        const parser = new EventStreamParser({
          onEvent: (e) => {
            req.destroy();
            resolve({ contentType: res.headers['content-type'], event: e });
          },
        });
        res.on('data', (chunk: Buffer) => parser.feed(chunk));
      });
      req.on('error', reject);
    });
    expect(contentType).toBe('text/event-stream; charset=utf-8');
    expect(JSON.parse(event.data)).toMatchObject({ http: '1.1' });
  }, 10_000);

  it("is right not to set Connection: Node's http2 throws on it", async () => {
    const h2 = http2.createServer();
    let thrown: unknown;
    h2.on('stream', (stream) => {
      try {
        stream.respond({ ':status': 200, connection: 'keep-alive' });
      } catch (error) {
        thrown = error;
        stream.close();
      }
    });
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    const session = http2.connect(`http://127.0.0.1:${(h2.address() as AddressInfo).port}`);
    const req = session.request({ ':path': '/' });
    req.on('error', () => {});
    await new Promise((resolve) => req.on('close', resolve));
    session.close();
    await new Promise((resolve) => h2.close(resolve));
    expect((thrown as NodeJS.ErrnoException | undefined)?.code).toBe('ERR_HTTP2_INVALID_CONNECTION_HEADERS');
  }, 10_000);
});
