import type { BroadcastBroker, BroadcastStatus } from './broker.ts';
import { MemoryCountLog, type CountLog } from './count-log.ts';
import { MemoryBroker } from './memory-broker.ts';
import { RedisBroker } from './redis-broker.ts';
import { RedisCountLog } from './redis-count-log.ts';
import { RedisStreams } from './redis-streams.ts';

/** The histories of the demos that several readers share, and the store that holds them. */
export interface Broadcasts {
  room: BroadcastBroker;
  counter: CountLog;
  status(): BroadcastStatus;
  /** Lets go of connections and loops, for shutdown. */
  close(): Promise<void>;
}

/** How much each history keeps; the demos that own them decide. */
export interface BroadcastSizes {
  room: { maxMessages: number; maxBytes: number };
  counter: { keep: number; intervalMs: number };
}

/** In this process without a Redis URL; otherwise one Redis link shared by both histories. */
export function createBroadcasts(redisUrl: string | null, sizes: BroadcastSizes): Broadcasts {
  if (redisUrl === null) {
    return {
      room: new MemoryBroker(sizes.room),
      counter: new MemoryCountLog(sizes.counter.keep),
      status: () => ({ kind: 'memory', connected: true }),
      close: async () => {},
    };
  }
  const redis = new RedisStreams(redisUrl);
  return {
    room: new RedisBroker(redis, { key: 'sse-handbook:room', maxMessages: sizes.room.maxMessages }),
    // The lease is renewed with every count; three intervals let a late count pass without
    // handing the counting to another process, which takes over within that time when this one stops.
    counter: new RedisCountLog(redis, { key: 'sse-handbook:counter', keep: sizes.counter.keep, leaseMs: 3 * sizes.counter.intervalMs }),
    status: () => redis.status(),
    close: () => redis.close(),
  };
}
