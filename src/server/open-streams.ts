import type { ServerResponse } from 'node:http';
import type { EndpointConfig } from './config.ts';
import { EventStream } from './event-stream.ts';
import { HttpError } from './http-error.ts';

/** Seconds a client refused for capacity is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Every event stream the process has open, with a cap: each one holds a
 * socket, a timer and some memory, so past the cap a new stream is refused
 * with 503 and `Retry-After` instead of degrading the streams already open.
 */
export class OpenStreams {
  readonly #streams = new Set<EventStream>();
  readonly #max: number;
  readonly #streamOptions: Pick<EndpointConfig, 'heartbeatMs' | 'maxQueuedBytes'>;

  constructor(max: number, streamOptions: Pick<EndpointConfig, 'heartbeatMs' | 'maxQueuedBytes'>) {
    this.#max = max;
    this.#streamOptions = streamOptions;
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Starts an event stream on `res`, or throws a 503 when the cap is reached. */
  open(res: ServerResponse, { heartbeat = true }: { heartbeat?: boolean } = {}): EventStream {
    if (this.#streams.size >= this.#max) {
      throw new HttpError(
        503,
        `Too many open event streams (limit ${this.#max}); try again in ${RETRY_AFTER_SECONDS} s.`,
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
    const { heartbeatMs, maxQueuedBytes } = this.#streamOptions;
    const stream = new EventStream(res, { heartbeatMs: heartbeat ? heartbeatMs : null, maxQueuedBytes });
    this.#streams.add(stream);
    stream.onClose(() => this.#streams.delete(stream));
    return stream;
  }

  /** Ends every stream, e.g. on shutdown, so the server can close. */
  endAll(): void {
    for (const stream of [...this.#streams]) stream.end();
  }
}
