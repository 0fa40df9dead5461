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
import type { BroadcastBroker } from '../broadcast/broker.ts';
import { MemoryBroker } from '../broadcast/memory-broker.ts';
import { RedisBroker } from '../broadcast/redis-broker.ts';
import { createRoom, roomLimits } from './room.ts';

export interface Endpoints {
  /** Every demo stream, by the name in its URL: `/api/sse/<name>` (a name may have one `/`: `lab/gzip`). */
  demos: ReadonlyMap<string, Demo>;
  /** Plain API routes that are not streams, by their full path: `/api/room`. */
  routes: ReadonlyMap<string, Demo>;
  /** The room's broker: in this process, or Redis when REDIS_URL is set. */
  broker: BroadcastBroker;
}

export function createEndpoints(config: EndpointConfig): Endpoints {
  const broker =
    config.redisUrl === null
      ? new MemoryBroker({ maxMessages: roomLimits.historyMessages, maxBytes: roomLimits.historyBytes })
      : new RedisBroker(config.redisUrl, { key: 'sse-handbook:room', maxMessages: roomLimits.historyMessages });
  const room = createRoom(broker, { messagesPerClient: config.roomMessagesPerClient, messagesPerRoom: config.roomMessagesPerRoom });
  return {
    broker,
    demos: new Map<string, Demo>([
      ['clock', clock],
      ['echo', createEchoDemo(config.echoRequestsPerMinute)],
      ['notifications', createNotificationsDemo()],
      ['counter', createCounterDemo()],
      ['retry', createRetryDemo()],
      ['progress', createProgressDemo()],
      ['idle', idle],
      ['room', room.listen],
      ...createFailureLabs(),
    ]),
    routes: new Map<string, Demo>([['/api/room', room.post]]),
  };
}
