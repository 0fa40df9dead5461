/**
 * The stream doctor's Node transport: one GET as EventSource sends it, over
 * HTTP/1.1 or HTTP/2 (offered by ALPN over TLS), timed chunk by chunk and
 * decoded the way a browser decodes it. Bounded in every direction: a header
 * timeout, a byte cap, the listening duration, an AbortSignal for Ctrl-C.
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { isIP } from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import { EventStreamParser } from '../lib/sse/parser.ts';
import type { EndReason, RedirectHop, StreamObservation, TimedChunk } from '../lib/doctor/types.ts';

export interface ObserveOptions {
  /** Request headers besides the ones EventSource sends itself (-H, --cookie). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly insecure: boolean;
  readonly http1Only: boolean;
  readonly durationMs: number;
  readonly headerTimeoutMs: number;
  /** Body bytes after which reading stops: as received, and again after decoding (a small gzip body can unpack to gigabytes). */
  readonly byteCap: number;
  readonly lastEventId?: string;
  /** The reconnect only needs to show how the server answers and what comes first. */
  readonly stopAfterFirstEvent?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { atMs: number; events: number; bytes: number }) => void;
}

export type DoctorErrorCode = 'url' | 'unreachable' | 'header-timeout' | 'protocol' | 'tls' | 'redirects';

/** Why no observation could be made at all; `detail` fills the `doctor.cli.error.<code>` string. */
export class DoctorError extends Error {
  readonly code: DoctorErrorCode;
  readonly detail: Readonly<Record<string, string>>;
  constructor(code: DoctorErrorCode, detail: Record<string, string>) {
    super(`${code}: ${Object.values(detail).join(' ')}`);
    this.code = code;
    this.detail = detail;
  }
}

export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** What EventSource sends (HTML §9.2.2 and fetch's defaults), plus what the browser offers for compression. */
function requestHeaders(options: ObserveOptions): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'text/event-stream',
    'cache-control': 'no-cache',
    'accept-encoding': 'gzip, deflate, br, zstd',
    'user-agent': 'sse-doctor',
  };
  for (const [name, value] of options.headers) {
    const key = name.toLowerCase();
    headers[key] = key === 'cookie' && headers[key] ? `${headers[key]}; ${value}` : value;
  }
  if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
  return headers;
}

function decoderFor(encoding: string | undefined): Transform | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return zlib.createZstdDecompress();
    default:
      return null;
  }
}

/** What the request layer hands back once the status line and headers are in. */
interface Head {
  readonly status: number;
  readonly httpVersion: string;
  readonly headers: Array<readonly [string, string]>;
  readonly body: Readable;
  /** Ends the request and its connection. */
  readonly close: () => void;
}

function networkError(error: NodeJS.ErrnoException, url: URL): DoctorError {
  const code = error.code ?? '';
  if (code.startsWith('HPE_') || code.startsWith('ERR_HTTP2')) return new DoctorError('protocol', { message: error.message });
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code) || /certificate|wrong version number/i.test(error.message)) {
    return new DoctorError('tls', { message: error.message });
  }
  return new DoctorError('unreachable', { host: url.host, message: code || error.message });
}

function http1Head(url: URL, headers: Record<string, string>, options: ObserveOptions, socket?: tls.TLSSocket): Promise<Head> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, {
      method: 'GET',
      headers,
      rejectUnauthorized: !options.insecure,
      // Without an agent, Node uses createConnection (the TLS socket whose ALPN chose HTTP/1.1);
      // `agent: false` would make a fresh agent that ignores it and connects again.
      ...(socket ? { createConnection: () => socket } : { agent: false }),
    });
    req.once('response', (res) => {
      const pairs: Array<readonly [string, string]> = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
      resolve({ status: res.statusCode ?? 0, httpVersion: res.httpVersion, headers: pairs, body: res, close: () => req.destroy() });
    });
    req.on('error', (error) => reject(networkError(error, url)));
    options.signal?.addEventListener('abort', () => req.destroy(), { once: true });
    req.end();
  });
}

function http2Head(url: URL, headers: Record<string, string>, options: ObserveOptions, socket: tls.TLSSocket): Promise<Head> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url.origin, { createConnection: () => socket });
    session.on('error', (error) => {
      session.destroy();
      reject(networkError(error, url));
    });
    const stream = session.request({ ':method': 'GET', ':path': `${url.pathname}${url.search}`, ...headers });
    const close = (): void => {
      stream.destroy();
      session.destroy();
    };
    stream.once('response', (responseHeaders) => {
      const pairs: Array<readonly [string, string]> = [];
      for (const [name, value] of Object.entries(responseHeaders)) {
        if (name.startsWith(':') || value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [String(value)]) pairs.push([name, one]);
      }
      resolve({ status: Number(responseHeaders[':status']), httpVersion: '2', headers: pairs, body: stream, close });
    });
    // A reset before the response (a malformed one, e.g. with a Connection header): the caller retries over HTTP/1.1.
    stream.on('error', (error) => {
      session.destroy();
      reject(new DoctorError('protocol', { message: error.message, http2: 'refused' }));
    });
    stream.once('end', () => session.close());
    options.signal?.addEventListener('abort', close, { once: true });
  });
}

/** TLS first, so ALPN decides between HTTP/2 and HTTP/1.1 as it does for a browser. */
function tlsSocket(url: URL, options: ObserveOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      ALPNProtocols: options.http1Only ? ['http/1.1'] : ['h2', 'http/1.1'],
      rejectUnauthorized: !options.insecure,
    });
    socket.once('secureConnect', () => resolve(socket));
    socket.on('error', (error) => reject(networkError(error, url)));
    options.signal?.addEventListener('abort', () => socket.destroy(), { once: true });
  });
}

async function head(url: URL, options: ObserveOptions): Promise<Head> {
  const headers = requestHeaders(options);
  if (url.protocol !== 'https:') return http1Head(url, headers, options);
  const socket = await tlsSocket(url, options);
  return socket.alpnProtocol === 'h2' ? http2Head(url, headers, options, socket) : http1Head(url, headers, options, socket);
}

/** Rejects with a header timeout unless `promise` settles first; `onTimeout` tears the request down. */
function withHeaderTimeout<T>(promise: Promise<T>, options: ObserveOptions, started: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DoctorError('header-timeout', { seconds: String(Math.round(options.headerTimeoutMs / 100) / 10) }));
      // Counted from the first request: redirects do not extend it.
    }, options.headerTimeoutMs - (performance.now() - started));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Reads the body until the server ends it, the duration is up, the cap is hit, or the signal aborts. */
function readBody(response: Head, started: number, options: ObserveOptions): Promise<{ chunks: TimedChunk[]; end: StreamObservation['end'] }> {
  const at = (): number => performance.now() - started;
  const chunks: TimedChunk[] = [];
  let events = 0;
  let received = 0;
  let decoded = 0;
  const parser = new EventStreamParser({ onEvent: () => (events += 1) });
  const encoding = response.headers.find(([name]) => name === 'content-encoding')?.[1];
  const decoder = decoderFor(encoding);

  return new Promise((resolve) => {
    let done = false;
    const finish = (reason: EndReason, message?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(durationTimer);
      clearInterval(progressTimer);
      options.signal?.removeEventListener('abort', onAbort);
      response.close();
      decoder?.destroy();
      resolve({ chunks, end: { atMs: at(), reason, ...(message ? { message } : {}) } });
    };
    const onAbort = (): void => finish('aborted');
    const take = (bytes: Buffer): void => {
      if (done || bytes.byteLength === 0) return;
      decoded += bytes.byteLength;
      if (decoded > options.byteCap) return finish('size-limit');
      chunks.push({ atMs: at(), bytes: new Uint8Array(bytes) });
      parser.feed(bytes);
      if (options.stopAfterFirstEvent && events > 0) finish('duration');
    };
    const durationTimer = setTimeout(() => finish('duration'), Math.max(0, options.durationMs - at()));
    const progressTimer = setInterval(() => options.onProgress?.({ atMs: at(), events, bytes: received }), 250);
    if (options.signal?.aborted) return finish('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    if (decoder) {
      decoder.on('data', take);
      decoder.on('error', (error) => finish('error', `${encoding}: ${error.message}`));
      decoder.once('end', () => finish('closed'));
    }
    response.body.on('data', (bytes: Buffer) => {
      received += bytes.byteLength;
      if (received > options.byteCap) return finish('size-limit');
      if (decoder) decoder.write(bytes);
      else take(bytes);
    });
    response.body.once('end', () => (decoder ? decoder.end() : finish('closed')));
    response.body.on('error', (error) => finish('error', error.message));
    response.body.once('close', () => {
      // A response that closes without 'end' broke off (reset, idle cut).
      if (!response.body.readableEnded) setImmediate(() => finish('error', 'connection closed before the response ended'));
    });
  });
}

/**
 * Observes one SSE request, following redirects as EventSource does. When
 * HTTP/2 rejects the response as malformed, the same request goes out again
 * over HTTP/1.1, so the report can show what made it malformed.
 */
export async function observe(target: string, options: ObserveOptions): Promise<StreamObservation> {
  try {
    return await observeOnce(target, options);
  } catch (error) {
    if (!(error instanceof DoctorError) || error.detail['http2'] !== 'refused' || options.http1Only) throw error;
    return { ...(await observeOnce(target, { ...options, http1Only: true })), http2Error: error.detail['message']! };
  }
}

async function observeOnce(target: string, options: ObserveOptions): Promise<StreamObservation> {
  let url = parseHttpUrl(target);
  const redirects: RedirectHop[] = [];
  const started = performance.now();
  for (;;) {
    // Its own signal, so a header timeout can tear down a request that is still connecting or reading headers.
    const attempt = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, attempt.signal]) : attempt.signal;
    const response = await withHeaderTimeout(head(url, { ...options, signal }), options, started, () => attempt.abort());
    const headersAtMs = performance.now() - started;
    const location = response.headers.find(([name]) => name === 'location')?.[1];
    if (REDIRECTS.has(response.status) && location !== undefined) {
      response.close();
      if (redirects.length === MAX_REDIRECTS) throw new DoctorError('redirects', { count: String(MAX_REDIRECTS) });
      redirects.push({ status: response.status, location });
      url = parseHttpUrl(new URL(location, url).href);
      continue;
    }
    const { chunks, end } = await readBody(response, started, options);
    return {
      url: target,
      httpVersion: response.httpVersion === '2' ? '2' : response.httpVersion,
      status: response.status,
      headers: response.headers,
      headersAtMs,
      chunks,
      end,
      ...(redirects.length > 0 ? { redirects } : {}),
    };
  }
}

export function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DoctorError('url', { url: text });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DoctorError('url', { url: text });
  return url;
}
