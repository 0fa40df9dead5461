import type { EndpointConfig } from '../config.ts';
import type { Demo } from '../demo.ts';
import { clock } from './clock.ts';
import { createEchoDemo } from './echo.ts';

/** Every demo stream, by the name in its URL: `/api/sse/<name>`. */
export function createDemos(config: EndpointConfig): ReadonlyMap<string, Demo> {
  return new Map<string, Demo>([
    ['clock', clock],
    ['echo', createEchoDemo(config.echoRequestsPerMinute)],
  ]);
}
