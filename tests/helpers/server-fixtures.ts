/**
 * Vitest fixtures for tests that start servers: each test asks for the
 * starter it needs, and whatever it started is closed after it, pass or
 * fail.
 *
 *   it('…', async ({ startApi }) => { const api = await startApi({ maxStreams: 2 }); … });
 */
import { test } from 'vitest';
import type { EndpointConfig } from '../../src/server/config.ts';
import type { Endpoint } from '../../src/server/endpoint.ts';
import { startApiServer, type TestApiServer } from './api-server.ts';
import { startDemoServer, type DemoServer } from './demo-server.ts';

interface ServerFixtures {
  /** The whole /api router with the default limits, `overrides` applied. */
  startApi(overrides?: Partial<EndpointConfig>): Promise<TestApiServer>;
  /** Demos built with test-sized limits, each at /api/sse/<name>. */
  startDemos(demos: Record<string, Endpoint>, options?: { heartbeatMs?: number }): Promise<DemoServer>;
}

/** Starts servers through `start` and closes every one of them when the test ends. */
function closedAfterTest<Args extends unknown[], Server extends { close(): Promise<void> }>(
  start: (...args: Args) => Promise<Server>,
) {
  return async ({}: object, use: (starter: (...args: Args) => Promise<Server>) => Promise<void>): Promise<void> => {
    const started: Server[] = [];
    await use(async (...args) => {
      const server = await start(...args);
      started.push(server);
      return server;
    });
    await Promise.all(started.map((server) => server.close()));
  };
}

export const it = test.extend<ServerFixtures>({
  startApi: closedAfterTest(startApiServer),
  startDemos: closedAfterTest(startDemoServer),
});
