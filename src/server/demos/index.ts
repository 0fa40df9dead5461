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
import { createRoom } from './room.ts';

export interface Endpoints {
  /** Every demo stream, by the name in its URL: `/api/sse/<name>` (a name may have one `/`: `lab/gzip`). */
  demos: ReadonlyMap<string, Demo>;
  /** Plain API routes that are not streams, by their full path: `/api/room`. */
  routes: ReadonlyMap<string, Demo>;
}

export function createEndpoints(config: EndpointConfig): Endpoints {
  const room = createRoom();
  return {
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
