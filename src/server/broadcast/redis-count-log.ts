import { randomBytes } from 'node:crypto';
import type { CountLog, RecentCounts } from './count-log.ts';
import { Listeners } from './listeners.ts';
import { sinceKey, unavailableOnFailure, type RedisStreams } from './redis-streams.ts';

export interface RedisCountLogOptions {
  /** The Redis Stream of the counts: `sse-handbook:counter`. */
  key: string;
  /** Counts kept for replay (`XADD … MAXLEN = n`). */
  keep: number;
  /**
   * How long the process that counted last stays the only one that may count
   * (a few intervals): when it stops, or dies, another one takes over after
   * at most this long.
   */
  leaseMs: number;
}

/**
 * One count, atomically (a script runs alone in Redis,
 * https://redis.io/docs/latest/develop/interact/programmability/eval-intro/):
 * the process that holds the lease, or any process when nobody does, takes
 * or renews the lease and appends the next count (and marks the start of a
 * new stream, redis-streams.ts `sinceKey`). The count is also the
 * entry's id (`42-0`), so `Last-Event-ID: 42` maps straight to `XRANGE key (42-0 +`.
 */
const COUNT_UP = `
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return false end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[3], ARGV[4], 'NX')
local n = 1
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if newest then n = tonumber(string.match(newest[1], '^%d+')) + 1 end
redis.call('XADD', KEYS[1], 'MAXLEN', '=', ARGV[3], n .. '-0', 'n', n)
return n
`;

/**
 * The counter of several processes. The counts are a Redis Stream that
 * every process tails (redis-streams.ts) and delivers to its own readers,
 * so a reader that reconnects to another process resumes without a gap or
 * a duplicate. Every process with readers asks to count once an interval;
 * a lease in Redis lets exactly one of them do it, so the counter counts
 * once a second however many processes there are.
 *
 * While Redis is unreachable nobody counts: open streams stay up on their
 * heartbeats, and counting resumes when Redis is back. A Redis that lost its
 * data starts the counter over at 1, like a restarted process: a count at
 * or below the newest one delivered is reported as a gap, so the readers
 * reconnect and get the `reset`.
 */
export class RedisCountLog implements CountLog {
  readonly #redis: RedisStreams;
  readonly #options: RedisCountLogOptions;
  /** Tells this process's lease from the others'. */
  readonly #holder = randomBytes(9).toString('base64url');
  readonly #subscribers = new Listeners<number>();
  readonly #gapListeners = new Listeners();
  /** The newest count this process has delivered. */
  #newest = 0;

  constructor(redis: RedisStreams, options: RedisCountLogOptions) {
    this.#redis = redis;
    this.#options = options;
    redis.tail(options.key, {
      entry: ([id]) => {
        const n = countOf(id);
        if (n <= this.#newest) this.#gapListeners.emit();
        this.#newest = n;
        this.#subscribers.emit(n);
      },
      gap: () => this.#gapListeners.emit(),
    });
  }

  onGap(listener: () => void): void {
    this.#gapListeners.add(listener);
  }

  async countUp(): Promise<number | null> {
    const { key, keep, leaseMs } = this.#options;
    const n = await unavailableOnFailure(() =>
      this.#redis.commands.eval(COUNT_UP, 3, key, `${key}:lease`, sinceKey(key), this.#holder, leaseMs, keep, Date.now()),
    );
    // Delivery comes through the tail, in every process alike, this one included.
    return typeof n === 'number' ? n : null;
  }

  subscribe(listener: (n: number) => void): () => void {
    return this.#subscribers.add(listener);
  }

  async recent(): Promise<RecentCounts> {
    const entries = await unavailableOnFailure(() => this.#redis.commands.xrange(this.#options.key, '-', '+'));
    const retained = entries.map(([id]) => countOf(id));
    return { retained, newest: retained.at(-1) ?? 0 };
  }
}

/** The count in an entry id `42-0`. */
function countOf(id: string): number {
  return Number.parseInt(id, 10);
}
