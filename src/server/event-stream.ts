import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { serializeComment, serializeEvent, serializeRetry, type SseMessage } from '../lib/sse/serialize.ts';
import { joinHeartbeat, leaveHeartbeat } from './heartbeat.ts';

/**
 * Headers of every event stream the endpoint sends.
 * - `no-transform` asks proxies and CDNs not to recompress or rewrite the body.
 * - `X-Accel-Buffering: no` tells nginx not to buffer this response even when
 *   `proxy_buffering` is on (https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering).
 * - No `Connection` header: it is redundant on HTTP/1.1 (Node adds its own) and
 *   forbidden on HTTP/2 and HTTP/3 (RFC 9113 §8.2.2).
 */
export const eventStreamHeaders: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

/** Sockets whose headers wait for the rest of this turn of the event loop; see `sendHeadersThisTurn`. */
let corked: Socket[] = [];

function uncorkAll(): void {
  const sockets = corked;
  corked = [];
  for (const socket of sockets) socket.uncork();
}

/**
 * Sends the response's headers at the end of this turn of the event loop,
 * together with whatever the demo writes before then (the room's history
 * and `live` event, which the in-memory broker has ready at once): one
 * `writev` system call instead of two. Server CPU per new room stream,
 * 16 rounds of 4,000 new streams next to 5,000 open ones (interquartile
 * mean): 48.8 µs before, 43.4 µs after (README, "Load benchmark").
 *
 * The headers are still written on their own by `flushHeaders()`, only into
 * a corked socket. Letting Node prepend them to the first chunk instead (what
 * it does when they are not flushed) would cost memory: Node builds the
 * header block as a chain of concatenated strings, and writing that string
 * flattens it in place, where prepending it to a chunk flattens only the
 * copy and leaves the chain on the response for as long as it lives, 0.8 to
 * 1.1 KB of heap per open stream (measured with a heap snapshot).
 *
 * One `setImmediate` uncorks every socket corked in this turn, so a stream
 * costs an array slot until then rather than a timer of its own.
 */
function sendHeadersThisTurn(res: ServerResponse): void {
  const socket = res.socket;
  // A response queued behind another on a pipelined connection has no socket yet; Node sends its headers when it gets one.
  if (socket === null) {
    res.flushHeaders();
    return;
  }
  socket.cork();
  res.flushHeaders();
  if (corked.push(socket) === 1) setImmediate(uncorkAll);
}

export interface EventStreamOptions {
  /**
   * Interval of the `: heartbeat` comment; `null` for a byte-exact stream
   * (the echo's replay, the gzip lab's compressed body), into which the
   * server writes nothing of its own: no heartbeat, no `retry:` at shutdown.
   */
  heartbeatMs: number | null;
  maxQueuedBytes: number;
  /**
   * A HEAD request: the headers a GET would get, then the end. The stream is
   * closed from the start, so whatever the demo schedules is released at once.
   */
  headersOnly?: boolean;
  /**
   * Runs once when the response is gone: sent to the end or cut. That is
   * later than `onClose` when the stream ended with data its client has not
   * read yet, which still holds memory (OpenStreams keeps its slot until then).
   */
  onGone?: () => void;
}

/**
 * Writes that may wait in Node's socket buffer, behind data the client has
 * not read, before further writes are gathered into one buffer instead.
 * Node keeps every waiting write as several objects (the chunk-size line,
 * the chunk, its CRLF, their queue entries: about 330 bytes of heap for a
 * one-byte chunk; four echo replays of 16,000 one-byte chunks to readers
 * that had stopped held 20.9 MB, tests/unit/server/stalled-readers.test.ts on the
 * code before this), so a client that stops reading must not make
 * the server queue writes one by one. A few may: the room's history goes
 * out in the same turn as the headers, which wait in the corked socket.
 */
const MAX_WAITING_WRITES = 4;

/**
 * How long a stream that has ended may take to hand its last bytes to a
 * client that does not read them, before its connection is closed: the
 * data would otherwise stay in memory for as long as the client keeps the
 * connection open.
 */
export const DRAIN_AFTER_END_MS = 5000;

const NOTHING = Buffer.alloc(0);

/** Data gathered while the client does not keep up: bytes in one buffer, written in one go once the socket has sent what it holds. */
interface Backlog {
  bytes: Buffer;
  length: number;
}

/**
 * One open `text/event-stream` response.
 *
 * Owns what must not outlive the connection: its place in the shared
 * heartbeat (heartbeat.ts) and every cleanup a demo registers with
 * `onClose`. They all run exactly once, when the response ends or the client
 * goes away, whichever comes first.
 */
export class EventStream {
  readonly #res: ServerResponse;
  readonly #maxQueuedBytes: number;
  readonly #heartbeatMs: number | null;
  #onGone: (() => void) | undefined;
  #closeHandlers: Array<() => void> = [];
  #finishAtShutdown: (() => void) | null = null;
  #open = true;
  /** Writes made while earlier ones still waited in the socket (see MAX_WAITING_WRITES); 0 once it was found empty. */
  #waitingWrites = 0;
  /** Set while writes are gathered instead of written (see #gather). */
  #backlog: Backlog | null = null;

  constructor(res: ServerResponse, options: EventStreamOptions) {
    this.#res = res;
    this.#maxQueuedBytes = options.maxQueuedBytes;
    this.#heartbeatMs = options.headersOnly ? null : options.heartbeatMs;
    this.#onGone = options.headersOnly ? undefined : options.onGone;
    // A write to a connection that is already gone can surface as an 'error'
    // on the response; unhandled, it would end the process.
    res.on('error', this.#gone);
    res.writeHead(200, eventStreamHeaders);
    if (options.headersOnly) {
      this.#open = false;
      res.end();
      return;
    }
    // Send the headers in this turn, not with the first event: the browser's
    // EventSource fires `open` only when they arrive, and a demo may not have
    // an event to send for a while.
    sendHeadersThisTurn(res);
    // A comment line every few seconds keeps idle-timeout proxies from cutting
    // the stream and makes a write fail soon after the client is gone.
    if (this.#heartbeatMs !== null) joinHeartbeat(this.#heartbeatMs, this);
    // `on`, not `once`: a response closes only once, and the wrapper `once`
    // adds would stay on every open stream, 0.14 KB of heap each.
    res.on('close', this.#gone);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Writes one event. Returns false when the stream is closed (or was just closed for being too slow). */
  send(message: SseMessage): boolean {
    return this.#write(serializeEvent(message));
  }

  comment(text: string): boolean {
    return this.#write(serializeComment(text));
  }

  /** Writes bytes as they are, for the echo that replays a reader's own stream. */
  writeRaw(chunk: Uint8Array): boolean {
    return this.#write(chunk);
  }

  /** Runs `handler` once when the stream closes; at once if it already has. */
  onClose(handler: () => void): void {
    if (this.#open) this.#closeHandlers.push(handler);
    else handler();
  }

  /**
   * Asks the client to come back after `retryMs` (a `retry:` line) and ends
   * the response: what a server that is shutting down tells its readers. A
   * byte-exact stream only ends.
   */
  endWithRetry(retryMs: number): void {
    // A stream without heartbeat is byte-exact: nothing of ours goes into it.
    if (this.#heartbeatMs !== null) {
      if (this.#write(serializeRetry(retryMs))) this.end();
    } else if (this.#finishAtShutdown !== null) this.#finishAtShutdown();
    else this.end();
  }

  /**
   * What `endWithRetry` does instead of ending a byte-exact stream at once:
   * for a demo with a layer in front of the response (the gzip lab's
   * compressor, the simulated proxy buffer), which must pass on what it
   * holds, then end the stream itself (a cut gzip member cannot be read).
   */
  finishAtShutdown(finish: () => void): void {
    this.#finishAtShutdown = finish;
  }

  /**
   * Ends the response normally. The browser will reconnect unless the client
   * closes first. What the client has not read yet is still sent, but only
   * for DRAIN_AFTER_END_MS: a client that does not take it by then is cut.
   */
  end(): void {
    if (!this.#open) return;
    const res = this.#res;
    const backlog = this.#backlog;
    this.#backlog = null;
    if (backlog === null) res.end();
    else res.end(backlog.bytes.subarray(0, backlog.length));
    if (res.writableLength > 0) {
      const deadline = setTimeout(() => res.destroy(), DRAIN_AFTER_END_MS);
      res.once('close', () => clearTimeout(deadline));
    }
    this.#stopWriting();
  }

  #write(chunk: string | Uint8Array): boolean {
    if (!this.#open) return false;
    const res = this.#res;
    // res.write() never refuses data; it queues it in memory when the client
    // reads slower than we write. Bound that queue: a client that cannot drain
    // it is dropped instead of growing the server's memory without limit.
    // What counts is what is still waiting from earlier writes, so one event
    // larger than the limit still reaches a client that keeps up; a client
    // that has stopped reading is cut at the next write after the limit.
    const waiting = res.writableLength;
    if (waiting + (this.#backlog?.length ?? 0) > this.#maxQueuedBytes) {
      res.destroy();
      this.#stopWriting();
      return false;
    }
    if (this.#backlog !== null) {
      this.#gather(chunk, waiting);
    } else if (waiting === 0) {
      // The client keeps up: the usual case, one write and nothing else.
      this.#waitingWrites = 0;
      res.write(chunk);
    } else if (this.#waitingWrites < MAX_WAITING_WRITES) {
      this.#waitingWrites += 1;
      res.write(chunk);
    } else {
      this.#backlog = { bytes: NOTHING, length: 0 };
      this.#gather(chunk, waiting);
      // Send the backlog once the socket has sent what it holds: an empty
      // write's callback runs then. Without a socket yet (a response waiting
      // behind another on the same connection), once Node hands it one.
      const socket = res.socket;
      if (socket === null) res.once('socket', () => this.#writeBacklog());
      else socket.write(NOTHING, () => this.#writeBacklog());
    }
    return true;
  }

  /**
   * Appends to the backlog, a buffer that grows by doubling but never past
   * what the queue limit leaves beside the `waiting` bytes (plus the one
   * chunk that may pass it): its memory is the bytes it may hold, however
   * small the writes.
   */
  #gather(chunk: string | Uint8Array, waiting: number): void {
    const backlog = this.#backlog!;
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    const needed = backlog.length + size;
    if (needed > backlog.bytes.byteLength) {
      const room = Math.max(needed, this.#maxQueuedBytes - waiting);
      const bytes = Buffer.allocUnsafe(Math.min(Math.max(needed, 2 * backlog.bytes.byteLength, 4096), room));
      backlog.bytes.copy(bytes, 0, 0, backlog.length);
      backlog.bytes = bytes;
    }
    if (typeof chunk === 'string') backlog.bytes.write(chunk, backlog.length);
    else backlog.bytes.set(chunk, backlog.length);
    backlog.length = needed;
  }

  /** Writes the backlog as one chunk; gathers again until that has gone out, and writes directly once nothing waits. */
  #writeBacklog(): void {
    const backlog = this.#backlog;
    if (backlog === null || !this.#open) return;
    if (backlog.length === 0) {
      this.#backlog = null;
      this.#waitingWrites = 0;
      return;
    }
    this.#backlog = { bytes: NOTHING, length: 0 };
    this.#res.write(backlog.bytes.subarray(0, backlog.length), () => this.#writeBacklog());
  }

  /** No more writes: leaves the heartbeat and runs the demo's cleanups. */
  #stopWriting(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#backlog = null;
    if (this.#heartbeatMs !== null) leaveHeartbeat(this.#heartbeatMs, this);
    const handlers = this.#closeHandlers;
    this.#closeHandlers = [];
    for (const handler of handlers) handler();
  }

  /**
   * The response is sent, or cut (an 'error' comes just before its 'close'):
   * nothing of it is held any more. One function for both events, so that a
   * stream costs one closure, not two.
   */
  readonly #gone = (): void => {
    this.#stopWriting();
    const onGone = this.#onGone;
    this.#onGone = undefined;
    onGone?.();
  };
}
