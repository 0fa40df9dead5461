import { randomBytes } from 'node:crypto';
import type { Demo } from '../demo.ts';
import { HttpError } from '../http-error.ts';
import { RateLimit } from '../rate-limit.ts';
import { readJsonBody } from '../request-body.ts';

/**
 * `/api/sse/echo`: plays a reader's own event stream back to the browser's
 * native EventSource, byte for byte, so the playground can compare its parser
 * with the browser's.
 *
 *   POST /api/sse/echo  {"stream": "data: hi\n\n", "splits": [3, 7], "delayMs": 200}
 *     -> 201 {"id": "…", "url": "/api/sse/echo?id=…"}        (or "streamBase64" for raw bytes)
 *   GET  /api/sse/echo?id=…
 *     -> 200 text/event-stream: the bytes, cut at `splits`, `delayMs` apart; then the end
 *   GET  the same id again (EventSource reconnecting)
 *     -> 204, which tells EventSource to stop reconnecting
 *
 * Limits keep it from becoming an open relay: every replay is single-use and
 * expires, the body and the replay's length and duration are capped, POSTs are
 * rate-limited per client address, and the answer is only ever
 * `text/event-stream` (or a plain-text error).
 */
export const echoLimits = {
  /** Bytes of the stream to replay. */
  maxStreamBytes: 64 * 1024,
  /** Bytes of the JSON request body (JSON escapes or base64 make it larger than the stream). */
  maxBodyBytes: 512 * 1024,
  /** Pause between two chunks. */
  maxDelayMs: 2000,
  /** Pause times chunk count: how long one replay may run. */
  maxTotalMs: 20_000,
  /** Replays stored and not yet expired, across all clients. */
  maxStored: 200,
  /** How long a created replay stays playable. */
  ttlMs: 60_000,
} as const;

interface Replay {
  chunks: Buffer[];
  delayMs: number;
  expires: number;
  played: boolean;
}

function fail(field: string, message: string): never {
  throw new HttpError(400, `"${field}" ${message}`);
}

function streamBytes(body: Record<string, unknown>): Buffer {
  const { stream, streamBase64 } = body;
  let bytes: Buffer;
  if (typeof stream === 'string' && streamBase64 === undefined) bytes = Buffer.from(stream, 'utf8');
  else if (typeof streamBase64 === 'string' && stream === undefined) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(streamBase64)) fail('streamBase64', 'is not valid base64.');
    bytes = Buffer.from(streamBase64, 'base64');
  } else fail('stream', 'is required: the event stream as text (or "streamBase64" as bytes, not both).');
  if (bytes.byteLength > echoLimits.maxStreamBytes) {
    throw new HttpError(
      413,
      `"stream" is ${bytes.byteLength} bytes; the size limit is ${echoLimits.maxStreamBytes} bytes (64 KiB).`,
    );
  }
  return bytes;
}

function chunkPlan(body: Record<string, unknown>, bytes: Buffer): { chunks: Buffer[]; delayMs: number } {
  const { splits = [], delayMs = 0 } = body;
  if (!Array.isArray(splits) || splits.length >= Math.max(1, bytes.byteLength)) {
    fail('splits', `must be an array of fewer byte offsets than the stream has bytes (${bytes.byteLength}).`);
  }
  let previous = 0;
  const chunks: Buffer[] = [];
  for (const split of splits as unknown[]) {
    if (!Number.isInteger(split) || (split as number) <= previous || (split as number) >= bytes.byteLength) {
      fail('splits', `must hold increasing integer offsets between 1 and ${bytes.byteLength - 1}; got ${JSON.stringify(split)}.`);
    }
    chunks.push(bytes.subarray(previous, split as number));
    previous = split as number;
  }
  chunks.push(bytes.subarray(previous));
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0) {
    fail('delayMs', 'must be a non-negative integer of milliseconds.');
  }
  if (delayMs > echoLimits.maxDelayMs) {
    throw new HttpError(422, `"delayMs" is ${delayMs}; the delay limit is ${echoLimits.maxDelayMs} ms between chunks.`);
  }
  const totalMs = delayMs * (chunks.length - 1);
  if (totalMs > echoLimits.maxTotalMs) {
    throw new HttpError(
      422,
      `The replay would take ${totalMs} ms (${chunks.length} chunks, ${delayMs} ms apart); the total duration limit is ${echoLimits.maxTotalMs} ms.`,
    );
  }
  return { chunks, delayMs };
}

/** `requestsPerMinute`: replays one client address may create per minute (config: SSE_ECHO_RATE_LIMIT). */
export function createEchoDemo(requestsPerMinute: number): Demo {
  const replays = new Map<string, Replay>();
  const rateLimit = new RateLimit(requestsPerMinute, 60_000);

  function dropExpired(now: number): void {
    for (const [id, replay] of replays) if (replay.expires <= now) replays.delete(id);
  }

  return {
    methods: ['GET', 'POST'],
    async handle({ req, res, query, client, openStream }) {
      const now = Date.now();
      dropExpired(now);

      if (req.method === 'POST') {
        const wait = rateLimit.take(client);
        if (wait > 0) {
          throw new HttpError(
            429,
            `Too many echo requests: the rate limit is ${requestsPerMinute} per minute per client; try again in ${wait} s.`,
            { 'Retry-After': String(wait) },
          );
        }
        if (replays.size >= echoLimits.maxStored) {
          throw new HttpError(503, 'The echo endpoint holds too many unplayed streams; try again in a minute.', {
            'Retry-After': '60',
          });
        }
        const body = await readJsonBody(req, echoLimits.maxBodyBytes);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new HttpError(400, 'Request body must be a JSON object with "stream", "splits" and "delayMs".');
        }
        const bytes = streamBytes(body as Record<string, unknown>);
        const plan = chunkPlan(body as Record<string, unknown>, bytes);
        const id = randomBytes(16).toString('base64url');
        replays.set(id, { ...plan, expires: now + echoLimits.ttlMs, played: false });
        const answer = JSON.stringify({ id, url: `/api/sse/echo?id=${id}`, bytes: bytes.byteLength, chunks: plan.chunks.length });
        res.writeHead(201, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(answer);
        return;
      }

      const id = query.get('id');
      if (!id) throw new HttpError(400, 'Query parameter "id" is required: POST the stream first to get one.');
      const replay = replays.get(id);
      if (!replay) throw new HttpError(404, `No echo stream with id "${id}": it expired or never existed.`);
      if (replay.played) {
        // The browser reconnects after the replay ended; 204 makes it stop for good.
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      replay.played = true;
      const stream = openStream({ heartbeat: false });
      let next = 0;
      let timer: NodeJS.Timeout | undefined;
      const writeNext = (): void => {
        const chunk = replay.chunks[next++];
        if (chunk === undefined || !stream.writeRaw(chunk)) return stream.end();
        if (next === replay.chunks.length) return stream.end();
        // Even with no delay, each chunk goes out in its own turn of the event loop.
        timer = replay.delayMs > 0 ? setTimeout(writeNext, replay.delayMs) : setTimeout(writeNext, 0);
      };
      stream.onClose(() => clearTimeout(timer));
      writeNext();
    },
  };
}
