import { once } from 'node:events';
import { Redis } from 'ioredis';
import { BrokerUnavailableError, compareMessageIds, type BroadcastStatus } from './broker.ts';

/** One entry of a Redis Stream as XREAD and XRANGE return it: its id and its field/value pairs. */
export type StreamEntry = [id: string, fields: string[]];

/** How long a blocking read waits before it asks again (it also notices a closed connection this often). */
const BLOCK_MS = 5000;
/** Pause before the reader tries again after Redis went away. */
const RETRY_MS = 500;

/** What a broadcast hears from the tail of its stream. */
export interface TailListener {
  /** Every entry appended from now on, in order, once. */
  entry(entry: StreamEntry): void;
  /**
   * Entries after the last one delivered were trimmed before this process
   * could read them (it was cut off from Redis for longer than the stream
   * reaches back): its readers have a gap and must resume from the history.
   */
  gap(): void;
}

interface Tail {
  /** The id of the last entry handed on; null until the reader has looked where the stream ends. */
  lastDelivered: string | null;
  /** The stream's start mark (sinceKey) when it was last read; null while there was no stream. */
  since: string | null;
  listeners: Set<TailListener>;
}

/**
 * The key beside a stream that holds the time the stream was started
 * (milliseconds, set with NX by whoever appends the first entry). A Redis
 * that lost its data loses the mark with the stream, and the new stream gets
 * a new mark: that tells a stream started over from one that went on.
 */
export function sinceKey(key: string): string {
  return `${key}:since`;
}

/** What `XINFO STREAM` says about a stream's ends, and its start mark. */
export interface StreamEnds {
  since: string | null;
  /** The newest id ever added, even if trimmed since. */
  lastGenerated: string;
  /** The oldest entry still there. */
  firstRetained: string;
  /** Whether entries were trimmed (`entries-added` above `length`). */
  trimmed: boolean;
}

/**
 * One process's link to Redis, shared by every broadcast it takes part in
 * (the room, the counter): a connection for commands, and one that tails
 * every registered stream with a single `XREAD BLOCK … STREAMS k1 k2 … id1 id2 …`.
 * A process holds two connections however many broadcasts it has, and logs
 * an outage and the recovery once each.
 * https://redis.io/docs/latest/commands/xread/
 *
 * Each stream is read from the last entry delivered, so after Redis was away
 * the reader resumes exactly where it stopped: no gap, no duplicate. Before
 * it reads on after an outage it looks at the stream's ends: a stream that
 * is gone, or has another start mark (sinceKey), was started over by a
 * Redis that lost its data, and is read from its beginning; entries trimmed
 * before this process could read them are a gap, reported to the listeners. A stream is read from the entry that is newest when its tail
 * is registered: what came before is history, which the broadcasts read
 * with XRANGE.
 *
 * While Redis is unreachable, commands fail at once (no offline queue: a
 * POST gets a clear 503 instead of hanging) and ioredis reconnects by itself.
 */
export class RedisStreams {
  /** For commands (XADD, XRANGE, scripts); blocking reads have their own connection. */
  readonly commands: Redis;
  readonly #reader: Redis;
  readonly #tails = new Map<string, Tail>();
  readonly #closing = new AbortController();
  #reading = false;
  #wasConnected = false;

  constructor(url: string) {
    const connection = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    };
    this.commands = new Redis(url, { ...connection, connectionName: 'sse-handbook-commands' });
    this.#reader = new Redis(url, { ...connection, connectionName: 'sse-handbook-reader' });
    // ioredis reports every failed reconnect as an 'error' event; log the
    // outage and the recovery once each, not every attempt.
    for (const client of [this.commands, this.#reader]) {
      client.on('error', () => this.#noteConnection());
      client.on('ready', () => this.#noteConnection());
    }
  }

  /**
   * Calls `listener` with every entry appended to the stream `key` from now
   * on, in order, once; returns the function that stops it. Register the
   * streams when the process starts: a stream registered while a read is
   * waiting joins when that read returns (within 5 s).
   */
  tail(key: string, listener: TailListener): () => void {
    const tail = this.#tails.get(key) ?? { lastDelivered: null, since: null, listeners: new Set() };
    this.#tails.set(key, tail);
    const registration = { ...listener };
    tail.listeners.add(registration);
    if (!this.#reading) {
      this.#reading = true;
      void this.#readForever();
    }
    return () => tail.listeners.delete(registration);
  }

  /** Connected means: both connections up, and the reader knows where every stream stands. */
  get connected(): boolean {
    return (
      this.commands.status === 'ready' &&
      this.#reader.status === 'ready' &&
      [...this.#tails.values()].every((tail) => tail.lastDelivered !== null)
    );
  }

  status(): BroadcastStatus {
    return { kind: 'redis', connected: this.connected };
  }

  async close(): Promise<void> {
    this.#closing.abort();
    this.#reader.disconnect();
    await this.commands.quit().catch(() => this.commands.disconnect());
  }

  async #readForever(): Promise<void> {
    const { signal } = this.#closing;
    let afterOutage = false;
    while (!signal.aborted) {
      try {
        if (this.#reader.status !== 'ready') {
          afterOutage = true;
          await once(this.#reader, 'ready', { signal });
          continue;
        }
        const keys = [...this.#tails.keys()];
        for (const key of keys) {
          const tail = this.#tails.get(key)!;
          if (tail.lastDelivered === null) {
            const ends = await streamEnds(this.#reader, key);
            tail.lastDelivered = ends?.lastGenerated ?? '0-0';
            tail.since = ends?.since ?? null;
          } else if (afterOutage) {
            await this.#resumeAfterOutage(key, tail);
          }
        }
        afterOutage = false;
        this.#noteConnection();
        const from = keys.map((key) => this.#tails.get(key)!.lastDelivered!);
        const reply = await this.#reader.xread('COUNT', 500, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...from);
        for (const [key, entries] of reply ?? []) {
          const tail = this.#tails.get(key)!;
          // The first entries of a stream that did not exist when it was last looked at: note its mark.
          tail.since ??= await this.#reader.get(sinceKey(key));
          for (const entry of entries) {
            tail.lastDelivered = entry[0];
            for (const listener of tail.listeners) listener.entry(entry);
          }
        }
      } catch {
        afterOutage = true;
        if (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** Where to read on after Redis was away, and whether entries this process never read are gone. */
  async #resumeAfterOutage(key: string, tail: Tail): Promise<void> {
    const ends = await streamEnds(this.#reader, key);
    // Gone, or started over: a Redis that lost its data. Read it from its start.
    const from = ends === null || ends.since !== tail.since ? '0-0' : tail.lastDelivered!;
    tail.since = ends?.since ?? null;
    if (ends?.trimmed && compareMessageIds(ends.firstRetained, from) > 0) {
      tail.lastDelivered = ends.lastGenerated;
      for (const listener of tail.listeners) listener.gap();
    } else {
      tail.lastDelivered = from;
    }
  }

  #noteConnection(): void {
    const { connected } = this;
    if (connected === this.#wasConnected) return;
    this.#wasConnected = connected;
    const keys = [...this.#tails.keys()].join(', ');
    if (connected) console.log(`[broadcast] Redis connected: broadcasts go through the Redis Streams ${keys}.`);
    else console.error('[broadcast] Redis unreachable: open streams stay up, new broadcasts fail until it is back.');
  }
}

/** The ends of the stream `key` (`XINFO STREAM`), or null when there is no such stream. */
export async function streamEnds(redis: Redis, key: string): Promise<StreamEnds | null> {
  const [[, since], [infoError, info]] = (await redis.multi().get(sinceKey(key)).xinfo('STREAM', key).exec()) as Array<[Error | null, unknown]> as [
    [Error | null, string | null],
    [Error | null, unknown],
  ];
  // XINFO fails on a key that does not exist; an empty stream still has its ends.
  if (infoError) return (await redis.exists(key)) === 0 ? null : Promise.reject(infoError);
  return parseStreamEnds(info, since);
}

/** The reply of `XINFO STREAM` (field/value pairs) as StreamEnds. https://redis.io/docs/latest/commands/xinfo-stream/ */
export function parseStreamEnds(reply: unknown, since: string | null): StreamEnds {
  const fields = new Map<string, unknown>();
  const flat = reply as unknown[];
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(String(flat[i]), flat[i + 1]);
  return {
    since,
    lastGenerated: String(fields.get('last-generated-id') ?? '0-0'),
    firstRetained: String(fields.get('recorded-first-entry-id') ?? '0-0'),
    trimmed: Number(fields.get('entries-added') ?? 0) > Number(fields.get('length') ?? 0),
  };
}

/** The value of `field` in a stream entry's field/value pairs, or '' when it has none. */
export function fieldOf([, fields]: StreamEntry, field: string): string {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === field) return fields[i + 1]!;
  return '';
}

/** Any failure of a Redis command (not connected, connection lost, no answer) means the history is out of reach. */
export async function unavailableOnFailure<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw new BrokerUnavailableError(`Redis is unreachable: ${(error as Error).message}`);
  }
}
