/**
 * Runs the HTTP/2 server (src/snippets/node/http2-server.mjs) with a
 * self-signed certificate made by the page's command (node/make-cert.sh),
 * and reads its stream over HTTP/2 (several streams on one connection) and
 * over HTTP/1.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventStreamParser, type SseEvent } from '../../../../src/lib/sse/parser.ts';
import { startSnippetServer, type SnippetServer } from '../../../helpers/snippet-server.ts';
import { snippetPath } from '../../../helpers/snippets.ts';

const script = fileURLToPath(new URL('../../../../src/snippets/node/http2-server.mjs', import.meta.url));
let server: SnippetServer;
let dir: string;
let cert: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sse-h2-'));
  // The page's own command makes the key and certificate, in the folder the reader runs it in.
  execFileSync('/bin/sh', [snippetPath('node/make-cert.sh')], { cwd: dir, stdio: 'ignore' });
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

  it("the page's certificate names localhost as subjectAltName, which browsers check (they ignore the CN)", () => {
    expect(new X509Certificate(cert).subjectAltName).toBe('DNS:localhost');
  });

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
});

/**
 * What node:http2 does with the connection-specific headers (RFC 9113
 * §8.2.2), as the Node.js page and sse.mjs describe it: the compatibility
 * API (`res.writeHead()`, what http2-server.mjs and Express-style code use)
 * drops `Connection` with an UnsupportedWarning; the core API
 * (`stream.respond()`) throws on it; both throw on `Keep-Alive` and
 * `Transfer-Encoding`.
 */
describe('node:http2 and the Connection header (why sse.mjs sets none)', () => {
  type Outcome = { thrown?: string | undefined; received?: http2.IncomingHttpHeaders; warnings: string[] };

  /** Answers one request with `header` set through `api`, and reports what happened on both ends. */
  async function respondWith(api: 'compatibility' | 'core', header: string, value: string): Promise<Outcome> {
    const outcome: Outcome = { warnings: [] };
    const onWarning = (warning: Error) => outcome.warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const fail = (error: unknown, stream: http2.ServerHttp2Stream) => {
      outcome.thrown = (error as NodeJS.ErrnoException).code;
      stream.close();
    };
    const h2 =
      api === 'compatibility'
        ? http2.createServer((_req, res) => {
            try {
              res.writeHead(200, { 'content-type': 'text/event-stream', [header]: value });
              res.end('data: x\n\n');
            } catch (error) {
              fail(error, res.stream);
            }
          })
        : http2.createServer().on('stream', (stream) => {
            try {
              stream.respond({ ':status': 200, 'content-type': 'text/event-stream', [header]: value });
              stream.end('data: x\n\n');
            } catch (error) {
              fail(error, stream);
            }
          });
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    const session = http2.connect(`http://127.0.0.1:${(h2.address() as AddressInfo).port}`);
    try {
      const req = session.request({ ':path': '/' });
      req.on('response', (headers) => (outcome.received = headers));
      req.on('error', () => {});
      req.resume();
      await new Promise((resolve) => req.on('close', resolve));
      // A warning is emitted on the next tick of the process.
      await new Promise((resolve) => setImmediate(resolve));
      return outcome;
    } finally {
      process.off('warning', onWarning);
      session.close();
      await new Promise((resolve) => h2.close(resolve));
    }
  }

  it('compatibility API: drops Connection with an UnsupportedWarning and sends the response without it', async () => {
    const { thrown, received, warnings } = await respondWith('compatibility', 'connection', 'keep-alive');
    expect(thrown).toBeUndefined();
    expect(received?.[':status']).toBe(200);
    expect(received?.['connection']).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^UnsupportedWarning: .*connection header/i)]);
  }, 10_000);

  it('core API: throws ERR_HTTP2_INVALID_CONNECTION_HEADERS on Connection', async () => {
    const { thrown, received } = await respondWith('core', 'connection', 'keep-alive');
    expect(thrown).toBe('ERR_HTTP2_INVALID_CONNECTION_HEADERS');
    expect(received).toBeUndefined();
  }, 10_000);

  for (const api of ['compatibility', 'core'] as const) {
    for (const [header, value] of [['keep-alive', 'timeout=5'], ['transfer-encoding', 'chunked']]) {
      it(`${api} API: throws ERR_HTTP2_INVALID_CONNECTION_HEADERS on ${header}`, async () => {
        const { thrown, received } = await respondWith(api, header!, value!);
        expect(thrown).toBe('ERR_HTTP2_INVALID_CONNECTION_HEADERS');
        expect(received).toBeUndefined();
      }, 10_000);
    }
  }
});
