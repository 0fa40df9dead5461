import {
  compareMessageIds,
  type BroadcastBroker,
  type BrokerMessage,
  type HistorySince,
} from './broker.ts';
import { Listeners } from './listeners.ts';
import { fieldOf, parseStreamEnds, sinceKey, unavailableOnFailure, type RedisStreams, type StreamEntry } from './redis-streams.ts';

export interface RedisBrokerOptions {
  /** The Redis Stream that holds this broadcast's history: `sse-handbook:room`. */
  key: string;
  /** Entries kept for replay (`XADD … MAXLEN = n`); the oldest goes first. */
  maxMessages: number;
}

/**
 * The broker of several processes: the history is a Redis Stream, and every
 * process delivers what it reads from that stream (redis-streams.ts), so all
 * of them deliver the same messages in the same order with the same ids,
 * whichever process received the POST.
 * https://redis.io/docs/latest/develop/data-types/streams/
 *
 * - `publish`: `XADD key MAXLEN = n * data …`; Redis assigns the id
 *   (`<ms>-<seq>`), which goes out as the event's `id:`.
 * - `historySince(id)`: `XRANGE key (id +`. The replay is complete when no
 *   entry after `id` was trimmed (`XINFO STREAM`: `entries-added` against
 *   `length`, and the first entry still there) and `id` is not from before
 *   this history began (its start mark, redis-streams.ts `sinceKey`), so a
 *   Redis that lost its data (no persistence) sends a reset instead of
 *   pretending nothing was missed.
 *
 * History is bounded by count only: Redis trims streams by length or id, not
 * by bytes (the room's message size limit bounds the bytes).
 */
export class RedisBroker implements BroadcastBroker {
  readonly #options: RedisBrokerOptions;
  readonly #redis: RedisStreams;
  readonly #subscribers = new Listeners<BrokerMessage>();
  readonly #gapListeners = new Listeners();

  constructor(redis: RedisStreams, options: RedisBrokerOptions) {
    this.#redis = redis;
    this.#options = options;
    redis.tail(options.key, {
      entry: (entry) => this.#subscribers.emit(toMessage(entry)),
      gap: () => this.#gapListeners.emit(),
    });
  }

  onGap(listener: () => void): void {
    this.#gapListeners.add(listener);
  }

  async publish(data: string): Promise<BrokerMessage> {
    return unavailableOnFailure(() => this.#publish(data));
  }

  async historySince(afterId: string | null): Promise<HistorySince> {
    return unavailableOnFailure(() => this.#historySince(afterId));
  }

  subscribe(listener: (message: BrokerMessage) => void): () => void {
    return this.#subscribers.add(listener);
  }

  async #publish(data: string): Promise<BrokerMessage> {
    const { key, maxMessages } = this.#options;
    const results = await this.#redis.commands
      .multi()
      .set(sinceKey(key), String(Date.now()), 'NX')
      .xadd(key, 'MAXLEN', '=', String(maxMessages), '*', 'data', data)
      .exec();
    const [error, id] = results?.[1] ?? [new Error('Redis did not answer the XADD.')];
    if (error) throw error;
    return { id: String(id), data };
  }

  async #historySince(afterId: string | null): Promise<HistorySince> {
    const { key, maxMessages } = this.#options;
    if (afterId === null) {
      const newestFirst = await this.#redis.commands.xrevrange(key, '+', '-', 'COUNT', maxMessages);
      return { messages: newestFirst.reverse().map(toMessage), complete: true };
    }
    const results = await this.#redis.commands
      .multi()
      .xinfo('STREAM', key)
      .get(sinceKey(key))
      .xrange(key, `(${afterId}`, '+', 'COUNT', maxMessages)
      .exec();
    const [[infoError, info], [, since], [rangeError, entries]] = results as Array<[Error | null, unknown]> as [
      [Error | null, unknown],
      [Error | null, string | null],
      [Error | null, StreamEntry[]],
    ];
    if (rangeError) throw rangeError;
    // No stream at all (Redis lost it, or nothing was ever posted): whatever the reader saw is gone.
    if (infoError) return { messages: [], complete: false };
    const { lastGenerated, firstRetained, trimmed } = parseStreamEnds(info, since);
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
}

function toMessage(entry: StreamEntry): BrokerMessage {
  return { id: entry[0], data: fieldOf(entry, 'data') };
}
