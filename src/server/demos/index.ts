import type { EndpointConfig } from '../config.ts';
import type { Demo } from '../demo.ts';
import { clock } from './clock.ts';
import { createCounterDemo } from './counter.ts';
import { createEchoDemo } from './echo.ts';
import { createFailureLabs } from './failure-lab.ts';
import { idle } from './idle.ts';
import { createNotificationsDemo } from './notifications.ts';
import { createProgressDemo } from './progress.ts';
import { createRetryDemo } from './retry.ts';
import type { BroadcastBroker, BroadcastStatus } from '../broadcast/broker.ts';
import { MemoryCountLog, type CountLog } from '../broadcast/count-log.ts';
import { MemoryBroker } from '../broadcast/memory-broker.ts';
import { RedisBroker } from '../broadcast/redis-broker.ts';
import { RedisCountLog } from '../broadcast/redis-count-log.ts';
import { RedisStreams } from '../broadcast/redis-streams.ts';
import { counterLimits } from './counter.ts';
import { createRoom, roomLimits } from './room.ts';

export interface Endpoints {
  /** Every demo stream, by the name in its URL: `/api/sse/<name>` (a name may have one `/`: `lab/gzip`). */
  demos: ReadonlyMap<string, Demo>;
  /** Plain API routes that are not streams, by their full path: `/api/room`. */
  routes: ReadonlyMap<string, Demo>;
  /** Where the room and the counter keep their history: in this process, or Redis when REDIS_URL is set. */
  broadcasts: Broadcasts;
}

/** The histories of the demos that several readers share, and the store that holds them. */
interface Broadcasts {
  room: BroadcastBroker;
  counter: CountLog;
  status(): BroadcastStatus;
  /** Lets go of connections and loops, for shutdown. */
  close(): Promise<void>;
}

function createBroadcasts(redisUrl: string | null): Broadcasts {
  if (redisUrl === null) {
    return {
      room: new MemoryBroker({ maxMessages: roomLimits.historyMessages, maxBytes: roomLimits.historyBytes }),
      counter: new MemoryCountLog(counterLimits.bufferSize),
      status: () => ({ kind: 'memory', connected: true }),
      close: async () => {},
    };
  }
  const redis = new RedisStreams(redisUrl);
  return {
    room: new RedisBroker(redis, { key: 'sse-handbook:room', maxMessages: roomLimits.historyMessages }),
    counter: new RedisCountLog(redis, { key: 'sse-handbook:counter', keep: counterLimits.bufferSize, leaseMs: 3 * counterLimits.intervalMs }),
    status: () => redis.status(),
    close: () => redis.close(),
  };
}

export function createEndpoints(config: EndpointConfig): Endpoints {
  const broadcasts = createBroadcasts(config.redisUrl);
  const room = createRoom(broadcasts.room, { messagesPerClient: config.roomMessagesPerClient, messagesPerRoom: config.roomMessagesPerRoom });
  return {
    broadcasts,
    demos: new Map<string, Demo>([
      ['clock', clock],
      ['echo', createEchoDemo(config.echoRequestsPerMinute)],
      ['notifications', createNotificationsDemo()],
      ['counter', createCounterDemo({}, broadcasts.counter)],
      ['retry', createRetryDemo()],
      ['progress', createProgressDemo()],
      ['idle', idle],
      ['room', room.listen],
      ...createFailureLabs(),
    ]),
    routes: new Map<string, Demo>([['/api/room', room.post]]),
  };
}
