import type { ServerResponse } from 'node:http';
import type { EndpointConfig } from './config.ts';
import { EventStream } from './event-stream.ts';
import { HttpError } from './http-error.ts';

/** Seconds a client refused for capacity is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 10;

type StreamSettings = Pick<EndpointConfig, 'maxStreams' | 'maxStreamsPerClient' | 'heartbeatMs' | 'maxQueuedBytes'>;

export interface OpenOptions {
  /** Who the stream counts against for the per-client cap (see client-address.ts). */
  client: string;
  /** `false` for a stream that must stay byte-exact (the echo replay). Default true. */
  heartbeat?: boolean | undefined;
  /** A HEAD request: the headers of the stream, no body. Checked against the caps, not counted. */
  headersOnly?: boolean;
}

/**
 * Every event stream the process has open, with two caps: each stream holds a
 * socket, a timer and some memory, so past `maxStreams` a new stream is
 * refused with 503, and past `maxStreamsPerClient` streams of one client
 * address with 429, both with `Retry-After`, instead of degrading the streams
 * already open. The per-client cap keeps one client from taking every slot.
 */
export class OpenStreams {
  readonly #streams = new Set<EventStream>();
  readonly #perClient = new Map<string, number>();
  readonly #settings: StreamSettings;
  /** Set by endAll: the server is shutting down, and a new stream would only be cut. */
  #shuttingDownRetryMs: number | null = null;

  constructor(settings: StreamSettings) {
    this.#settings = settings;
  }

  /** Streams open, and ended ones whose client has not yet taken their last bytes. */
  get size(): number {
    return this.#streams.size;
  }

  /** Starts an event stream on `res`, or throws a 503 or 429 when a cap is reached. */
  open(res: ServerResponse, { client, heartbeat = true, headersOnly = false }: OpenOptions): EventStream {
    const { maxStreams, maxStreamsPerClient, heartbeatMs, maxQueuedBytes } = this.#settings;
    if (this.#shuttingDownRetryMs !== null) {
      // A request that came on a connection still open (keep-alive) after SIGTERM.
      const seconds = String(Math.ceil(this.#shuttingDownRetryMs / 1000));
      throw new HttpError(503, `The server is shutting down; try again in ${seconds} s.`, { 'Retry-After': seconds, Connection: 'close' });
    }
    const retryAfter = { 'Retry-After': String(RETRY_AFTER_SECONDS) };
    if (this.#streams.size >= maxStreams) {
      throw new HttpError(
        503,
        `Too many open event streams (limit ${maxStreams}); try again in ${RETRY_AFTER_SECONDS} s.`,
        retryAfter,
      );
    }
    const ofClient = this.#perClient.get(client) ?? 0;
    if (ofClient >= maxStreamsPerClient) {
      throw new HttpError(
        429,
        `Your address has ${ofClient} event streams open (limit ${maxStreamsPerClient} per client); close one or try again in ${RETRY_AFTER_SECONDS} s.`,
        retryAfter,
      );
    }
    // The slot is given back when the response is gone, not when the stream
    // ends: an ended stream whose client has not read its last bytes still
    // holds them (up to maxQueuedBytes) until they are sent or the
    // connection is cut (EventStream.end).
    const onGone = (): void => {
      this.#streams.delete(stream);
      const left = (this.#perClient.get(client) ?? 1) - 1;
      if (left === 0) this.#perClient.delete(client);
      else this.#perClient.set(client, left);
    };
    const stream = new EventStream(res, { heartbeatMs: heartbeat ? heartbeatMs : null, maxQueuedBytes, headersOnly, onGone });
    if (!stream.isOpen) return stream;
    this.#streams.add(stream);
    this.#perClient.set(client, ofClient + 1);
    return stream;
  }

  /**
   * For shutdown: asks every open stream's client to come back after a while
   * (a `retry:` line, spread over `retryMs` to `2 × retryMs` so the readers of
   * a restarted server don't all return in the same instant), then ends it.
   * A stream asked for from now on gets 503 with `Retry-After`.
   */
  endAll(retryMs: number): void {
    this.#shuttingDownRetryMs = retryMs;
    for (const stream of [...this.#streams]) stream.endWithRetry(retryMs + Math.floor(Math.random() * retryMs));
  }
}
