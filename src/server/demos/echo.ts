import { randomBytes } from 'node:crypto';
import type { Endpoint } from '../endpoint.ts';
import type { EventStream } from '../event-stream.ts';
import { HttpError, shown } from '../http-error.ts';
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
 *
 * Memory follows what clients sent, never a multiple of it: a replay keeps
 * its bytes once plus one 4-byte offset per cut (not one Buffer object per
 * chunk, which cost about 100 bytes each), and the store is bounded by bytes
 * as well as by count, counting the replays being played until their stream
 * closes. A played id is remembered, to answer the reconnect with 204. The
 * cuts are capped too: a chunk per cut written to a reader that does not
 * read would otherwise cost far more than its bytes (EventStream gathers
 * such writes into one buffer).
 */
export const echoLimits = {
  /** Bytes of the stream to replay. */
  maxStreamBytes: 64 * 1024,
  /** Bytes of the JSON request body (JSON escapes or base64 make it larger than the stream). */
  maxBodyBytes: 512 * 1024,
  /** Pause between two chunks. */
  maxDelayMs: 2000,
  /** How long one replay may run, planned (pause times chunk count) and in real time. */
  maxTotalMs: 20_000,
  /**
   * Cuts in one stream: what the playground can ask for, one chunk per
   * millisecond of the duration limit (src/components/playground/model/chunking.ts).
   */
  maxSplits: 20_000,
  /** Replays stored or being played, across all clients. */
  maxStored: 200,
  /** Bytes those replays may hold together (stream bytes plus 4 per cut). */
  maxStoredBytes: 16 * 1024 * 1024,
  /** How long a created replay stays playable, from the moment its request body was complete. */
  ttlMs: 60_000,
  /** Played ids remembered (to answer a reconnect with 204); about 100 bytes each. */
  maxPlayedRemembered: 10_000,
} as const;

/** A replay that has not started playing. */
interface Replay {
  bytes: Buffer;
  /** Byte offsets where the stream is cut into chunks, increasing. */
  splits: Uint32Array;
  delayMs: number;
  expires: number;
}

const replaySize = (replay: Pick<Replay, 'bytes' | 'splits'>): number => replay.bytes.byteLength + replay.splits.byteLength;

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
  // A copy that owns exactly these bytes: a slice of the request body would keep all of it alive.
  return Buffer.from(bytes);
}

function chunkPlan(body: Record<string, unknown>, bytes: Buffer): { splits: Uint32Array; delayMs: number } {
  const { splits = [], delayMs = 0 } = body;
  if (!Array.isArray(splits) || splits.length >= Math.max(1, bytes.byteLength)) {
    fail('splits', `must be an array of fewer byte offsets than the stream has bytes (${bytes.byteLength}).`);
  }
  if (splits.length > echoLimits.maxSplits) {
    throw new HttpError(422, `"splits" has ${splits.length} offsets; the limit is ${echoLimits.maxSplits} chunks' worth (${echoLimits.maxSplits} offsets).`);
  }
  const offsets = new Uint32Array(splits.length);
  let previous = 0;
  (splits as unknown[]).forEach((split, index) => {
    if (!Number.isInteger(split) || (split as number) <= previous || (split as number) >= bytes.byteLength) {
      fail('splits', `must hold increasing integer offsets between 1 and ${bytes.byteLength - 1}; got ${shown(split)}.`);
    }
    offsets[index] = previous = split as number;
  });
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0) {
    fail('delayMs', 'must be a non-negative integer of milliseconds.');
  }
  if (delayMs > echoLimits.maxDelayMs) {
    throw new HttpError(422, `"delayMs" is ${delayMs}; the delay limit is ${echoLimits.maxDelayMs} ms between chunks.`);
  }
  const chunks = offsets.length + 1;
  const totalMs = delayMs * (chunks - 1);
  if (totalMs > echoLimits.maxTotalMs) {
    throw new HttpError(
      422,
      `The replay would take ${totalMs} ms (${chunks} chunks, ${delayMs} ms apart); the total duration limit is ${echoLimits.maxTotalMs} ms.`,
    );
  }
  return { splits: offsets, delayMs };
}

/** Drops the entries whose time is up. Both maps are in order of expiry, so the scan stops at the first live one. */
function dropExpired<T>(entries: Map<string, T>, expiresOf: (entry: T) => number, now: number, onDrop?: (entry: T) => void): void {
  for (const [id, entry] of entries) {
    if (expiresOf(entry) > now) return;
    entries.delete(id);
    onDrop?.(entry);
  }
}

/** `requestsPerMinute`: replays one client address may create per minute (config: SSE_ECHO_RATE_LIMIT). */
export function createEchoDemo(requestsPerMinute: number): Endpoint {
  const pending = new Map<string, Replay>();
  /** Replays being played: they still hold their bytes. */
  let playing = 0;
  /** Bytes of the pending and the playing replays. */
  let storedBytes = 0;
  /** id -> when it may be forgotten. */
  const played = new Map<string, number>();
  const rateLimit = new RateLimit(requestsPerMinute, 60_000);

  function forgetExpired(now: number): void {
    dropExpired(pending, (replay) => replay.expires, now, (replay) => (storedBytes -= replaySize(replay)));
    dropExpired(played, (expires) => expires, now);
  }

  function store(replay: Replay): string {
    const size = replaySize(replay);
    if (pending.size + playing >= echoLimits.maxStored) {
      throw new HttpError(
        503,
        `The echo endpoint holds ${pending.size + playing} streams not played to the end yet (limit ${echoLimits.maxStored}); try again in a minute.`,
        { 'Retry-After': '60' },
      );
    }
    if (storedBytes + size > echoLimits.maxStoredBytes) {
      throw new HttpError(
        503,
        `The echo endpoint holds ${storedBytes} bytes of streams not played to the end yet; ${size} more would pass its limit of ${echoLimits.maxStoredBytes} bytes. Try again in a minute.`,
        { 'Retry-After': '60' },
      );
    }
    const id = randomBytes(16).toString('base64url');
    pending.set(id, replay);
    storedBytes += size;
    return id;
  }

  /** Moves a replay from the store to the played ids; its bytes stay counted until `stream` closes. */
  function markPlayed(id: string, replay: Replay, stream: EventStream): void {
    pending.delete(id);
    playing += 1;
    stream.onClose(() => {
      playing -= 1;
      storedBytes -= replaySize(replay);
    });
    if (played.size >= echoLimits.maxPlayedRemembered) played.delete(played.keys().next().value!);
    // Remembered for as long as a fresh replay lives, from now: later plays expire later, so the map stays in order.
    played.set(id, Date.now() + echoLimits.ttlMs);
  }

  return {
    methods: ['GET', 'POST'],
    async handle({ req, res, query, client, openStream }) {
      forgetExpired(Date.now());

      if (req.method === 'POST') {
        const wait = rateLimit.take(client);
        if (wait > 0) {
          throw new HttpError(
            429,
            `Too many echo requests: the rate limit is ${requestsPerMinute} per minute per client; try again in ${wait} s.`,
            { 'Retry-After': String(wait) },
          );
        }
        const body = await readJsonBody(req, echoLimits.maxBodyBytes);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new HttpError(400, 'Request body must be a JSON object with "stream", "splits" and "delayMs".');
        }
        const bytes = streamBytes(body as Record<string, unknown>);
        const plan = chunkPlan(body as Record<string, unknown>, bytes);
        const receivedAt = Date.now();
        forgetExpired(receivedAt);
        const id = store({ bytes, ...plan, expires: receivedAt + echoLimits.ttlMs });
        const answer = JSON.stringify({ id, url: `/api/sse/echo?id=${id}`, bytes: bytes.byteLength, chunks: plan.splits.length + 1 });
        res.writeHead(201, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(answer);
        return;
      }

      const id = query.get('id');
      if (!id) throw new HttpError(400, 'Query parameter "id" is required: POST the stream first to get one.');
      if (played.has(id)) {
        // The browser reconnects after the replay ended; 204 makes it stop for good.
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      const replay = pending.get(id);
      if (!replay) throw new HttpError(404, `No echo stream with id ${shown(id)}: it expired or never existed.`);
      // Opening may be refused (503 or 429 at a stream cap): the replay stays
      // playable until then. HEAD only shows the headers and plays nothing.
      const stream = openStream({ heartbeat: false });
      if (!stream.isOpen) return;
      markPlayed(id, replay, stream);
      play(stream, replay);
    },
  };
}

/** A replay ends early if it runs past its planned time by this much (timers on a busy machine drift). */
const OVERRUN_GRACE_MS = 1000;

/**
 * Writes the chunks at their planned times, measured from the start (not
 * from the previous chunk, so timer drift does not add up), and ends the
 * stream at the duration limit whatever is left: the limit is real time.
 */
function play(stream: EventStream, { bytes, splits, delayMs }: Replay): void {
  const startedAt = performance.now();
  const deadline = startedAt + echoLimits.maxTotalMs + OVERRUN_GRACE_MS;
  let next = 0;
  let cancel = (): void => {};
  const writeNext = (): void => {
    const from = next === 0 ? 0 : splits[next - 1]!;
    const to = next < splits.length ? splits[next]! : bytes.byteLength;
    next += 1;
    if (!stream.writeRaw(bytes.subarray(from, to))) return;
    const now = performance.now();
    if (next > splits.length || now > deadline) return stream.end();
    // Each chunk goes out in its own turn of the event loop, even with no delay.
    if (delayMs === 0) {
      const handle = setImmediate(writeNext);
      cancel = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(writeNext, Math.max(0, startedAt + next * delayMs - now));
      cancel = () => clearTimeout(handle);
    }
  };
  stream.onClose(() => cancel());
  writeNext();
}
