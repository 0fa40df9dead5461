import type { EndpointConfig } from '../config.ts';
import type { Endpoint } from '../endpoint.ts';
import { clock } from './clock.ts';
import { counterLimits, createCounterDemo } from './counter.ts';
import { createEchoDemo } from './echo.ts';
import { createDurationCapLab } from './duration-cap.ts';
import { createFailureLabs } from './failure-lab.ts';
import { idle } from './idle.ts';
import { createNotificationsDemo } from './notifications.ts';
import { createProgressDemo } from './progress.ts';
import { createRetryDemo } from './retry.ts';
import { createBroadcasts, type Broadcasts } from '../broadcast/broadcasts.ts';
import { createRoom, roomLimits } from './room.ts';

export interface Endpoints {
  /** Every demo stream, by the name in its URL: `/api/sse/<name>` (a name may have one `/`: `lab/gzip`). */
  demos: ReadonlyMap<string, Endpoint>;
  /** Plain API routes that are not streams, by their full path: `/api/room`. */
  routes: ReadonlyMap<string, Endpoint>;
  /** Where the room and the counter keep their history: in this process, or Redis when REDIS_URL is set. */
  broadcasts: Broadcasts;
}

export function createEndpoints(config: EndpointConfig): Endpoints {
  const broadcasts = createBroadcasts(config.redisUrl, {
    room: { maxMessages: roomLimits.historyMessages, maxBytes: roomLimits.historyBytes },
    counter: { keep: counterLimits.bufferSize, intervalMs: counterLimits.intervalMs },
  });
  const counter = createCounterDemo({}, broadcasts.counter);
  const room = createRoom(broadcasts.room, { messagesPerClient: config.roomMessagesPerClient, messagesPerRoom: config.roomMessagesPerRoom });
  return {
    broadcasts,
    demos: new Map<string, Endpoint>([
      ['clock', clock],
      ['echo', createEchoDemo(config.echoRequestsPerMinute)],
      ['notifications', createNotificationsDemo()],
      ['counter', counter],
      ['retry', createRetryDemo()],
      ['progress', createProgressDemo()],
      ['idle', idle],
      ['room', room.listen],
      ...createFailureLabs(),
      // The same counter, so its drop tokens and counts are shared with /api/sse/counter.
      ['lab/duration-cap', createDurationCapLab(counter)],
    ]),
    routes: new Map<string, Endpoint>([['/api/room', room.post]]),
  };
}
