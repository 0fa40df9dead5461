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
  #closeHandlers: Array<() => void> = [];
  #finishAtShutdown: (() => void) | null = null;
  #open = true;

  constructor(res: ServerResponse, options: EventStreamOptions) {
    this.#res = res;
    this.#maxQueuedBytes = options.maxQueuedBytes;
    this.#heartbeatMs = options.headersOnly ? null : options.heartbeatMs;
    // A write to a connection that is already gone can surface as an 'error'
    // on the response; unhandled, it would end the process.
    res.on('error', this.#release);
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
    // `on`, not `once`: #release removes the listener itself, and the wrapper
    // `once` adds would stay on every open stream, 0.14 KB of heap each.
    res.on('close', this.#release);
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

  /** Ends the response normally. The browser will reconnect unless the client closes first. */
  end(): void {
    if (!this.#open) return;
    this.#res.end();
    this.#release();
  }

  #write(chunk: string | Uint8Array): boolean {
    if (!this.#open) return false;
    // res.write() never refuses data; it queues it in memory when the client
    // reads slower than we write. Bound that queue: a client that cannot drain
    // it is dropped instead of growing the server's memory without limit.
    // What counts is what is still waiting from earlier writes, so one event
    // larger than the limit still reaches a client that keeps up; a client
    // that has stopped reading is cut at the next write after the limit.
    if (this.#res.writableLength > this.#maxQueuedBytes) {
      this.#res.destroy();
      this.#release();
      return false;
    }
    this.#res.write(chunk);
    return true;
  }

  readonly #release = (): void => {
    if (!this.#open) return;
    this.#open = false;
    if (this.#heartbeatMs !== null) leaveHeartbeat(this.#heartbeatMs, this);
    this.#res.off('close', this.#release);
    const handlers = this.#closeHandlers;
    this.#closeHandlers = [];
    for (const handler of handlers) handler();
  };
}
