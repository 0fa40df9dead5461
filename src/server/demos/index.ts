import type { EndpointConfig } from '../config.ts';
import type { Demo } from '../demo.ts';
import { clock } from './clock.ts';
import { createCounterDemo } from './counter.ts';
import { createEchoDemo } from './echo.ts';
import { idle } from './idle.ts';
import { createNotificationsDemo } from './notifications.ts';
import { createProgressDemo } from './progress.ts';
import { createRetryDemo } from './retry.ts';

/** Every demo stream, by the name in its URL: `/api/sse/<name>`. */
export function createDemos(config: EndpointConfig): ReadonlyMap<string, Demo> {
  return new Map<string, Demo>([
    ['clock', clock],
    ['echo', createEchoDemo(config.echoRequestsPerMinute)],
    ['notifications', createNotificationsDemo()],
    ['counter', createCounterDemo()],
    ['retry', createRetryDemo()],
    ['progress', createProgressDemo()],
    ['idle', idle],
  ]);
}
