/**
 * When did each event arrive, compared with when the server sent it?
 *
 *   const stream = await measureArrivals(url, { client: 'curl-http2' });
 *   stream.status, stream.headers          // of the response
 *   stream.arrivals                        // one per dispatched event, in order
 *   stream.arrivals[0].delayMs             // arrival − send time, in ms
 *   onTimePattern(stream.arrivals)         // 'one by one' | 'together at the end' | …
 *
 * Clients (`client`):
 * - 'node-http1' / 'node-http2': Node's http/https or http2 client. TLS
 *   certificates are not checked (the tests make their own).
 * - 'curl-http1' / 'curl-http2': `curl -sS -N -i --http1.1` or `--http2 -k`,
 *   the command a reader runs; `-N` turns curl's output buffer off.
 * measureCommandArrivals measures what a command prints instead: a page's
 * own curl line, run by harness/shown-curl.ts.
 *
 * Like a browser, every client asks for compression only when `acceptEncoding`
 * is given, and decodes gzip/deflate/br when the response's
 * `Content-Encoding` says so (curl: `--compressed`). Bytes compressed without
 * that header stay compressed, and the parser then finds no events in them,
 * as EventSource would.
 *
 * The body is parsed with the site's own parser (src/lib/sse/parser.ts), so
 * "an event" means exactly what the WHATWG parsing rules dispatch.
 *
 * Send times come from the events: by default the `time` field of the JSON in
 * `data` (ISO 8601 with milliseconds, as the guide's PHP script writes it
 * with `DATE_RFC3339_EXTENDED`); pass `sentAt` for another format. Server
 * and client run on the same machine, so their clocks agree.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import zlib from 'node:zlib';
import { Writable } from 'node:stream';
import { EventStreamParser, type SseEvent } from '../../../src/lib/sse/parser.ts';

export type Client = 'node-http1' | 'node-http2' | 'curl-http1' | 'curl-http2';

export interface MeasureOptions {
  client?: Client;
  /** Request headers, e.g. `{ 'Last-Event-ID': '3', Cookie: '…' }`. */
  headers?: Record<string, string>;
  /** Sent as Accept-Encoding (curl: `--compressed`, which sends its own list). */
  acceptEncoding?: string;
  /** Give up (and hang up) after this long; the result holds what arrived. Default 15 s. */
  timeoutMs?: number;
  /** Hang up after this many events. */
  maxEvents?: number;
  sentAt?: (event: SseEvent) => number | undefined;
}

export interface Arrival {
  event: SseEvent;
  /** Date.now() when the chunk that completed the event arrived. */
  arrivedAt: number;
  /** Send time taken from the event, if it has one. */
  sentAt: number | undefined;
  /** arrivedAt − sentAt. */
  delayMs: number | undefined;
}

export interface MeasuredStream {
  status: number;
  /** '1.1' or '2': what the connection actually used. */
  httpVersion: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Date.now() when the response headers arrived; 0 when they never did. */
  headersAt: number;
  arrivals: Arrival[];
  /** Comment lines (heartbeats) with their arrival time. */
  comments: Array<{ text: string; arrivedAt: number }>;
  /** Raw body chunks as received (before decompression), with arrival times. */
  chunks: Array<{ bytes: number; arrivedAt: number }>;
  /** When the request was sent and when the response ended (or was abandoned). */
  startedAt: number;
  endedAt: number;
  /** True when the server ended the response; false when we hung up. */
  ended: boolean;
}

export function sentAtFromTimeField(event: SseEvent): number | undefined {
  try {
    const time = (JSON.parse(event.data) as { time?: unknown }).time;
    return typeof time === 'string' ? Date.parse(time) : undefined;
  } catch {
    return undefined;
  }
}

interface Sink {
  onHeaders(status: number, headers: Record<string, string>, httpVersion: string): void;
  onChunk(chunk: Buffer): void;
}

/** Starts one request; resolves when the response ends, rejects on a transport error. */
type Transport = (url: string, headers: Record<string, string>, sink: Sink, signal: AbortSignal) => Promise<void>;

function flattenHeaders(raw: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined && !name.startsWith(':')) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

const nodeHttp1: Transport = (url, headers, sink, signal) =>
  new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const request = get(url, { headers, rejectUnauthorized: false, signal }, (response) => {
      sink.onHeaders(response.statusCode ?? 0, flattenHeaders(response.headers), response.httpVersion);
      response.on('data', (chunk: Buffer) => sink.onChunk(chunk));
      response.on('end', () => resolve());
      response.on('error', (error) => (signal.aborted ? resolve() : reject(error)));
    });
    request.on('error', (error) => (signal.aborted ? resolve() : reject(error)));
  });

const nodeHttp2: Transport = (url, headers, sink, signal) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const session = http2.connect(target.origin, { rejectUnauthorized: false });
    const finish = (error?: Error): void => {
      session.close();
      if (error && !signal.aborted) reject(error);
      else resolve();
    };
    session.on('error', finish);
    signal.addEventListener('abort', () => session.destroy(), { once: true });
    const request = session.request({ ':path': target.pathname + target.search, ...headers });
    request.on('response', (responseHeaders) => {
      sink.onHeaders(Number(responseHeaders[':status']), flattenHeaders(responseHeaders), '2');
    });
    request.on('data', (chunk: Buffer) => sink.onChunk(chunk));
    request.on('end', () => finish());
    request.on('error', finish);
  });

/** Starts one request of a given transport; resolves when the response ends. */
type Run = (sink: Sink, signal: AbortSignal) => Promise<void>;

/**
 * Runs `command`, whose stdout is a response as `curl -i` prints it: the
 * header block first, then the body. On abort, the command's whole process
 * group is ended, so a curl started by a shell script goes too.
 */
function curlOutput(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Run {
  return (sink, signal) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
      const stop = (): void => {
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          // Already gone.
        }
      };
      signal.addEventListener('abort', stop, { once: true });
      let head: Buffer | undefined = Buffer.alloc(0);
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        if (!head) return sink.onChunk(chunk);
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        const [statusLine, ...lines] = head.subarray(0, end).toString('latin1').split('\r\n');
        const statusMatch = /^HTTP\/([\d.]+) (\d{3})/.exec(statusLine ?? '');
        const status = Number(statusMatch?.[2] ?? 0);
        const rest = head.subarray(end + 4);
        if (status >= 100 && status < 200) {
          // An interim response: the real header block follows.
          head = rest;
          return;
        }
        head = undefined;
        const parsed: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          if (colon > 0) parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        sink.onHeaders(status, parsed, statusMatch?.[1] ?? '');
        if (rest.length > 0) sink.onChunk(rest);
      });
      child.on('error', (error) => (signal.aborted ? resolve() : reject(error)));
      child.on('close', (code) => {
        signal.removeEventListener('abort', stop);
        if (code === 0 || signal.aborted) resolve();
        else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${errors}`));
      });
    });
}

function curlTransport(version: '--http1.1' | '--http2'): Transport {
  return (url, headers, sink, signal) => {
    // -i: the header block comes first on stdout, then the body. (curl 7.88
    // crashes when -D /dev/stderr is the socket Node gives a child.)
    const args = ['-sS', '-N', '-k', '-i', version, '--raw'];
    for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
    args.push(url);
    return curlOutput('/usr/bin/curl', args)(sink, signal);
  };
}

const transports: Record<Client, Transport> = {
  'node-http1': nodeHttp1,
  'node-http2': nodeHttp2,
  // --raw: curl hands over the body as it comes; decoding is done below, like a browser.
  'curl-http1': curlTransport('--http1.1'),
  'curl-http2': curlTransport('--http2'),
};

function decoderFor(contentEncoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (contentEncoding?.trim().toLowerCase()) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

export async function measureArrivals(url: string, options: MeasureOptions = {}): Promise<MeasuredStream> {
  const headers: Record<string, string> = { Accept: 'text/event-stream', ...options.headers };
  if (options.acceptEncoding) headers['Accept-Encoding'] = options.acceptEncoding;
  const transport = transports[options.client ?? 'node-http1'];
  return measure((sink, signal) => transport(url, headers, sink, signal), options);
}

/**
 * The stream a command prints with its headers first, as `curl -i` does:
 * a page's own curl line, run by harness/shown-curl.ts. `client`, `headers`
 * and `acceptEncoding` do not apply: the command sends what it sends.
 */
export function measureCommandArrivals(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: Omit<MeasureOptions, 'client' | 'headers' | 'acceptEncoding'> = {},
): Promise<MeasuredStream> {
  return measure(curlOutput(command, args, env), options);
}

async function measure(run: Run, options: MeasureOptions): Promise<MeasuredStream> {
  const sentAt = options.sentAt ?? sentAtFromTimeField;
  const controller = new AbortController();
  const result: MeasuredStream = {
    status: 0,
    httpVersion: '',
    headers: {},
    headersAt: 0,
    arrivals: [],
    comments: [],
    chunks: [],
    startedAt: Date.now(),
    endedAt: 0,
    ended: false,
  };
  let lastChunkAt = 0;
  const parser = new EventStreamParser({
    onEvent(event) {
      const sent = sentAt(event);
      result.arrivals.push({ event, arrivedAt: lastChunkAt, sentAt: sent, delayMs: sent === undefined ? undefined : lastChunkAt - sent });
      if (options.maxEvents !== undefined && result.arrivals.length >= options.maxEvents) controller.abort();
    },
    onTrace(entry) {
      if (entry.action === 'comment') result.comments.push({ text: entry.line, arrivedAt: lastChunkAt });
    },
  });
  let decoder: Writable | undefined;
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
  try {
    await run(
      {
        onHeaders(status, responseHeaders, httpVersion) {
          result.status = status;
          result.headersAt = Date.now();
          result.httpVersion = httpVersion;
          result.headers = responseHeaders;
          const decompress = decoderFor(responseHeaders['content-encoding']);
          if (decompress) {
            // Flush after every input chunk so a sync-flushed gzip block is parsed as soon as it arrives.
            decompress.on('data', (plain: Buffer) => parser.feed(plain));
            decompress.on('error', () => {});
            decoder = decompress;
          }
        },
        onChunk(chunk) {
          lastChunkAt = Date.now();
          result.chunks.push({ bytes: chunk.length, arrivedAt: lastChunkAt });
          if (decoder) decoder.write(chunk);
          else parser.feed(chunk);
        },
      },
      controller.signal,
    );
    result.ended = !controller.signal.aborted;
  } finally {
    clearTimeout(timer);
    controller.abort();
    result.endedAt = Date.now();
  }
  if (decoder) await new Promise<void>((resolve) => decoder!.end(resolve));
  parser.end();
  return result;
}

export type ArrivalPattern = 'one by one' | 'together at the end' | 'in batches' | 'no events';

/**
 * How late an event may arrive and still count as "on time": 300 ms. The
 * test scripts send one event per second, so anything held back by a buffer
 * is at least a second late. On a machine shared by many busy processes,
 * CONFIG_TEST_ON_TIME_MS raises the bound (up to 900 ms still tells
 * streaming from buffering).
 */
export const onTimeMs = Number(process.env['CONFIG_TEST_ON_TIME_MS'] ?? 300);

/**
 * Names what a reader would see: every event within `toleranceMs` of its send
 * time ('one by one'), all of them within `toleranceMs` of the last one and
 * the first held back ('together at the end'), or something in between.
 */
export function arrivalPattern(arrivals: readonly Arrival[], toleranceMs = onTimeMs): ArrivalPattern {
  if (arrivals.length === 0) return 'no events';
  const delays = arrivals.map((arrival) => arrival.delayMs ?? Number.NaN);
  if (delays.every((delay) => delay <= toleranceMs)) return 'one by one';
  const last = arrivals[arrivals.length - 1]!.arrivedAt;
  if (arrivals.every((arrival) => last - arrival.arrivedAt <= toleranceMs)) return 'together at the end';
  return 'in batches';
}

/** "delays 3, 2, 5, 1, 4 ms" for assertion messages. */
export function describeArrivals(stream: MeasuredStream): string {
  const delays = stream.arrivals.map((arrival) => arrival.delayMs?.toFixed(0) ?? '?').join(', ');
  return `HTTP ${stream.status}, ${stream.arrivals.length} events, delays ${delays} ms, ${stream.chunks.length} chunks, content-encoding ${stream.headers['content-encoding'] ?? 'none'}`;
}
