import { once } from 'node:events';
import { Redis } from 'ioredis';
import {
  BrokerUnavailableError,
  compareMessageIds,
  type BroadcastBroker,
  type BrokerMessage,
  type BrokerStatus,
  type HistorySince,
} from './broker.ts';

export interface RedisBrokerOptions {
  /** The Redis Stream that holds this broadcast's history: `sse-handbook:room`. */
  key: string;
  /** Entries kept for replay (`XADD … MAXLEN = n`); the oldest goes first. */
  maxMessages: number;
}

/** How long a blocking read waits before it asks again (it also notices a closed broker this often). */
const BLOCK_MS = 5000;
/** Pause before the reader tries again after Redis went away. */
const RETRY_MS = 500;

/**
 * The broker of several processes: the history is a Redis Stream, and every
 * process delivers what it reads from that stream, so all of them deliver the
 * same messages in the same order with the same ids, whichever process
 * received the POST. https://redis.io/docs/latest/develop/data-types/streams/
 *
 * - `publish`: `XADD key MAXLEN = n * data …`; Redis assigns the id
 *   (`<ms>-<seq>`), which goes out as the event's `id:`.
 * - delivery: one connection per process reads the stream with
 *   `XREAD BLOCK` from the last id it delivered, so after Redis was away it
 *   resumes exactly where it stopped (no gap, no duplicate).
 * - `historySince(id)`: `XRANGE key (id +`. The replay is complete when no
 *   entry after `id` was trimmed (`XINFO STREAM`: `entries-added` against
 *   `length`, and the first entry still there) and `id` is not from before
 *   this history began: a `…:since` key holds the
 *   time the stream was started, so a Redis that lost its data (no
 *   persistence) sends a reset instead of pretending nothing was missed.
 *
 * While Redis is unreachable, publishing fails at once (no offline queue:
 * a POST gets a clear 503 instead of hanging), open streams stay open on
 * their heartbeats, and `status()` says so; ioredis reconnects by itself.
 * History is bounded by count only: Redis trims streams by length or id, not
 * by bytes (the room's message size limit bounds the bytes).
 */
export class RedisBroker implements BroadcastBroker {
  readonly #options: RedisBrokerOptions;
  readonly #writer: Redis;
  readonly #reader: Redis;
  readonly #subscribers = new Set<(message: BrokerMessage) => void>();
  #lastDelivered: string | null = null;
  readonly #closing = new AbortController();
  #wasConnected = false;

  constructor(url: string, options: RedisBrokerOptions) {
    this.#options = options;
    const connection = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    };
    this.#writer = new Redis(url, { ...connection, connectionName: 'sse-handbook-writer' });
    this.#reader = new Redis(url, { ...connection, connectionName: 'sse-handbook-reader' });
    // ioredis reports every failed reconnect as an 'error' event; log the
    // outage and the recovery once each, not every attempt.
    for (const client of [this.#writer, this.#reader]) client.on('error', () => this.#noteConnection());
    for (const client of [this.#writer, this.#reader]) client.on('ready', () => this.#noteConnection());
    void this.#readForever();
  }

  status(): BrokerStatus {
    // Connected means: both connections up, and the reader knows where in the stream it stands.
    const connected = this.#writer.status === 'ready' && this.#reader.status === 'ready' && this.#lastDelivered !== null;
    return { kind: 'redis', connected };
  }

  async publish(data: string): Promise<BrokerMessage> {
    return unavailableOnFailure(() => this.#publish(data));
  }

  async historySince(afterId: string | null): Promise<HistorySince> {
    return unavailableOnFailure(() => this.#historySince(afterId));
  }

  async #publish(data: string): Promise<BrokerMessage> {
    const { key, maxMessages } = this.#options;
    const results = await this.#writer
      .multi()
      .set(`${key}:since`, String(Date.now()), 'NX')
      .xadd(key, 'MAXLEN', '=', String(maxMessages), '*', 'data', data)
      .exec();
    const [error, id] = results?.[1] ?? [new Error('Redis did not answer the XADD.')];
    if (error) throw error;
    return { id: String(id), data };
  }

  subscribe(listener: (message: BrokerMessage) => void): () => void {
    const entry = (message: BrokerMessage): void => listener(message);
    this.#subscribers.add(entry);
    return () => this.#subscribers.delete(entry);
  }

  async #historySince(afterId: string | null): Promise<HistorySince> {
    const { key, maxMessages } = this.#options;
    if (afterId === null) {
      const newestFirst = await this.#writer.xrevrange(key, '+', '-', 'COUNT', maxMessages);
      return { messages: newestFirst.reverse().map(toMessage), complete: true };
    }
    const results = await this.#writer
      .multi()
      .xinfo('STREAM', key)
      .get(`${key}:since`)
      .xrange(key, `(${afterId}`, '+', 'COUNT', maxMessages)
      .exec();
    const [[infoError, info], [, since], [rangeError, entries]] = results as Array<[Error | null, unknown]> as [
      [Error | null, unknown],
      [Error | null, string | null],
      [Error | null, Array<[string, string[]]>],
    ];
    if (rangeError) throw rangeError;
    // No stream at all (Redis lost it, or nothing was ever posted): whatever the reader saw is gone.
    if (infoError) return { messages: [], complete: false };
    const fields = new Map<string, unknown>();
    const flat = info as unknown[];
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(String(flat[i]), flat[i + 1]);
    const lastGenerated = String(fields.get('last-generated-id') ?? '0-0');
    const firstRetained = String(fields.get('recorded-first-entry-id') ?? '0-0');
    const trimmed = Number(fields.get('entries-added') ?? 0) > Number(fields.get('length') ?? 0);
    const began = `${since ?? '0'}-0`;
    // Trimming keeps no record of the newest id it dropped, only that every
    // dropped one is older than the first entry still there: a reader older
    // than that entry may have missed some (at worst it gets a reset it
    // could have done without).
    const complete =
      compareMessageIds(afterId, lastGenerated) <= 0 &&
      compareMessageIds(afterId, began) >= 0 &&
      (!trimmed || compareMessageIds(afterId, firstRetained) >= 0);
    return { messages: entries.map(toMessage), complete };
  }

  async close(): Promise<void> {
    this.#closing.abort();
    this.#reader.disconnect();
    await this.#writer.quit().catch(() => this.#writer.disconnect());
  }

  async #readForever(): Promise<void> {
    const { key } = this.#options;
    const { signal } = this.#closing;
    while (!signal.aborted) {
      try {
        if (this.#reader.status !== 'ready') {
          await once(this.#reader, 'ready', { signal });
          continue;
        }
        // Start after the newest entry that exists now; from then on, after the last one delivered.
        if (this.#lastDelivered === null) {
          this.#lastDelivered = await this.#newestId();
          this.#noteConnection();
        }
        const reply = await this.#reader.xread('COUNT', 500, 'BLOCK', BLOCK_MS, 'STREAMS', key, this.#lastDelivered);
        for (const [, entries] of reply ?? []) {
          for (const entry of entries) {
            const message = toMessage(entry);
            this.#lastDelivered = message.id;
            for (const subscriber of this.#subscribers) subscriber(message);
          }
        }
      } catch {
        if (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  async #newestId(): Promise<string> {
    const [newest] = await this.#reader.xrevrange(this.#options.key, '+', '-', 'COUNT', 1);
    return newest?.[0] ?? '0-0';
  }

  #noteConnection(): void {
    const connected = this.status().connected;
    if (connected === this.#wasConnected) return;
    this.#wasConnected = connected;
    if (connected) console.log(`[broker] Redis connected: broadcasts go through the stream "${this.#options.key}".`);
    else console.error('[broker] Redis unreachable: open streams stay up, new broadcasts fail until it is back.');
  }
}

/** Any failure of a Redis command (not connected, connection lost, no answer) means the history is out of reach. */
async function unavailableOnFailure<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw new BrokerUnavailableError(`Redis is unreachable: ${(error as Error).message}`);
  }
}

function toMessage([id, fields]: [string, string[]]): BrokerMessage {
  const index = fields.indexOf('data');
  return { id, data: index >= 0 ? (fields[index + 1] ?? '') : '' };
}
