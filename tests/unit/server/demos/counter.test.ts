import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { it as serverIt } from '../../../helpers/server-fixtures.ts';
import { MemoryCountLog, type CountLog } from '../../../../src/server/broadcast/count-log.ts';
import { RedisCountLog } from '../../../../src/server/broadcast/redis-count-log.ts';
import { RedisStreams } from '../../../../src/server/broadcast/redis-streams.ts';
import { createCounterDemo, type CounterLimits } from '../../../../src/server/demos/counter.ts';
import { activeTimers, leaveAndAwaitRelease, type DemoServer } from '../../../helpers/demo-server.ts';

import { redisMissing, startRedis, type TestRedis } from '../../../helpers/redis-server.ts';
import { openEventStream, type EventStreamReader } from '../../../helpers/event-stream-reader.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

if (redisMissing && process.env['CI'] === 'true') throw new Error(`CI must run the Redis tests: ${redisMissing}`);

const streams: EventStreamReader[] = [];
const connections: RedisStreams[] = [];
let redis: TestRedis | undefined;
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});
afterAll(async () => {
  await redis?.dispose();
});

/** Milliseconds a test counter goes on without readers: longer than any test stays away. */
const LINGER_MS = 500;

/** Where the counts live: every behaviour below holds for a counter in one process and for one in Redis. */
const logs: Array<{ store: string; skip: string | null; create(keep: number, intervalMs: number): Promise<CountLog> }> = [
  { store: 'in memory', skip: null, create: async (keep) => new MemoryCountLog(keep) },
  {
    store: 'in a Redis Stream',
    skip: redisMissing,
    async create(keep, intervalMs) {
      const connection = new RedisStreams(redis!.url);
      connections.push(connection);
      // A fresh stream per counter, so no test sees another's counts.
      const log = new RedisCountLog(connection, { key: `test-counter:${connections.length}:${Date.now()}`, keep, leaseMs: 3 * intervalMs });
      await waitFor(() => connection.connected, 5000, 'the Redis connection');
      return log;
    },
  },
];

/** The store of the describe block running now (they run one after the other). */
let createLog: (typeof logs)[number]['create'] = logs[0]!.create;

/** A counter that counts every 20 ms, so a test sees dozens of counts in a second. */
const it = serverIt.extend<{ start: (overrides?: Partial<CounterLimits>) => Promise<DemoServer> }>({
  start: async ({ startDemos }, use) =>
    use(async (overrides = {}) => {
      const limits = { intervalMs: 20, bufferSize: 50, lingerMs: LINGER_MS, ...overrides };
      return startDemos({ counter: createCounterDemo(limits, await createLog(limits.bufferSize, limits.intervalMs)) });
    }),
});

async function open(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
  const stream = await openEventStream(url, { headers });
  streams.push(stream);
  return stream;
}

const counts = (stream: EventStreamReader) =>
  stream.events.filter((event) => event.type === 'message').map((event) => JSON.parse(event.data) as { n: number; replayed?: boolean });

for (const { store, skip, create } of logs) {
  describe.skipIf(skip !== null)(`the resumable counter, its counts ${store} ${skip ?? ''}`, () => {
    beforeAll(async () => {
      createLog = create;
      if (store !== 'in memory') redis ??= await startRedis();
    }, 20_000);
    it('opens with its retry time and a drop token, then numbers every event with an id, one higher each time', async ({ start }) => {
      const { url } = await start({ retryMs: 1500 });
      const stream = await open(url('/api/sse/counter'));
      await stream.waitForEvents(6);
      expect(stream.retries).toEqual([1500]);
      const [connection, ...rest] = stream.events;
      expect(connection!.type).toBe('connection');
      expect(JSON.parse(connection!.data).dropToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
      // The connection event has no id: it leaves the last event ID empty.
      expect(connection!.lastEventId).toBe('');
      const ids = rest.map((event) => Number(event.lastEventId));
      expect(ids.map((id, index) => id - ids[0]! - index)).toEqual([0, 0, 0, 0, 0]);
      expect(rest.map((event) => JSON.parse(event.data).n)).toEqual(ids);
    });

    it('replays what a reader missed after Last-Event-ID, marked replayed, without a gap or a duplicate', async ({ start }) => {
      const { url } = await start();
      const first = await open(url('/api/sse/counter'));
      await first.waitForEvents(4);
      first.close();
      const lastSeen = first.events.at(-1)!.lastEventId;
      // Away for a while: the shared counter goes on without this reader.
      await new Promise((resolve) => setTimeout(resolve, 200));

      const second = await open(url('/api/sse/counter'), { 'Last-Event-ID': lastSeen });
      await waitFor(() => counts(second).some((count) => !count.replayed), 5000, 'a live count after the replay');
      const resumed = counts(second);
      const replayed = resumed.filter((count) => count.replayed);
      expect(replayed.length).toBeGreaterThanOrEqual(3);
      // Replayed counts come first, and the live ones follow on from them.
      expect(resumed.slice(0, replayed.length)).toEqual(replayed);
      const all = [...counts(first).map((count) => count.n), ...resumed.map((count) => count.n)];
      const from = all[0]!;
      expect(all).toEqual(all.map((_, index) => from + index));
    });

    it('answers an ID older than its buffer with a reset event, then counts on from now', async ({ start }) => {
      const { url } = await start({ bufferSize: 5 });
      const keepCounting = await open(url('/api/sse/counter'));
      await waitFor(() => counts(keepCounting).some((count) => count.n >= 12), 5000, 'the counter to pass its buffer');

      const stale = await open(url('/api/sse/counter'), { 'Last-Event-ID': '1' });
      await stale.waitForEvents(4);
      const [connection, reset, next, after] = stale.events;
      expect(connection!.type).toBe('connection');
      expect(reset!.type).toBe('reset');
      expect(JSON.parse(reset!.data)).toMatchObject({ lastEventId: '1' });
      // After the reset the reader is up to date: the next count follows the reset's id.
      expect(Number(next!.lastEventId)).toBe(Number(reset!.lastEventId) + 1);
      expect(Number(after!.lastEventId)).toBe(Number(reset!.lastEventId) + 2);
      expect(counts(stale).some((count) => count.replayed)).toBe(false);
    });

    it('answers an ID ahead of the counter (a server restarted since) with a reset too', async ({ start }) => {
      const { url } = await start();
      const stream = await open(url('/api/sse/counter'), { 'Last-Event-ID': '999999' });
      await stream.waitForEvents(2);
      expect(stream.events[1]!.type).toBe('reset');
    });

    it.for<[string, Record<string, string>, string]>([
      ['the Last-Event-ID header', { 'Last-Event-ID': 'abc' }, ''],
      ['?lastEventId=', {}, '?lastEventId=12a'],
    ])('refuses an ID that is not one of its ids, given in %s, with 400 naming Last-Event-ID', async ([, headers, query], { start }) => {
      const { url } = await start();
      const response = await fetch(url(`/api/sse/counter${query}`), { headers });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await response.text()).toMatch(/^Last-Event-ID "(abc|12a)" is not an event ID/);
    });

    it('takes the ID from ?lastEventId= for a new EventSource, and from the header when both are sent', async ({ start }) => {
      const { url } = await start();
      const first = await open(url('/api/sse/counter'));
      await first.waitForEvents(8);
      const early = Number(first.events[2]!.lastEventId);
      const later = Number(first.events[5]!.lastEventId);

      const byQuery = await open(url(`/api/sse/counter?lastEventId=${early}`));
      await byQuery.waitForEvents(2);
      expect(JSON.parse(byQuery.events[1]!.data)).toEqual({ n: early + 1, replayed: true });

      const byHeader = await open(url(`/api/sse/counter?lastEventId=${early}`), { 'Last-Event-ID': String(later) });
      await byHeader.waitForEvents(2);
      expect(JSON.parse(byHeader.events[1]!.data)).toEqual({ n: later + 1, replayed: true });
    });

    it('drops only the stream whose token is posted, and refuses a missing or unknown token', async ({ start }) => {
      const { url } = await start();
      const mine = await open(url('/api/sse/counter'));
      const theirs = await open(url('/api/sse/counter'));
      await Promise.all([mine.waitForEvents(2), theirs.waitForEvents(2)]);
      const token = JSON.parse(mine.events[0]!.data).dropToken as string;

      expect((await fetch(url('/api/sse/counter?drop=not-a-token'), { method: 'POST' })).status).toBe(404);
      const missing = await fetch(url('/api/sse/counter'), { method: 'POST' });
      expect(missing.status).toBe(400);
      expect(await missing.text()).toContain('"drop"');

      const dropped = await fetch(url(`/api/sse/counter?drop=${token}`), { method: 'POST' });
      expect(dropped.status).toBe(204);
      await mine.ended;
      const theirsBefore = theirs.events.length;
      await theirs.waitForEvents(theirsBefore + 2);
      // The token is spent with its stream.
      expect((await fetch(url(`/api/sse/counter?drop=${token}`), { method: 'POST' })).status).toBe(404);
    });

    it('stops counting, and releases its timers, once the last reader has been gone for the linger time', async ({ start }) => {
      // Let the counters of earlier tests run out first, so they cannot make up for a leak here.
      await new Promise((resolve) => setTimeout(resolve, LINGER_MS + 200));
      const before = activeTimers();
      const server = await start({ lingerMs: 150 });
      const stream = await open(server.url('/api/sse/counter'));
      await stream.waitForEvents(3);
      expect(activeTimers()).toBeGreaterThan(before);
      await leaveAndAwaitRelease(server, stream, before);
    });
  });
}

describe('the resumable counter when its log reports a gap (a process cut off from a shared log)', () => {
  it('ends the stream of every reader, so each browser reconnects with its Last-Event-ID and gets the replay or the reset', async ({ startDemos }) => {
    const memory = new MemoryCountLog(50);
    let reportGap!: () => void;
    const cutOff: CountLog = {
      countUp: () => memory.countUp(),
      subscribe: (listener) => memory.subscribe(listener),
      recent: () => memory.recent(),
      onGap: (listener) => (reportGap = listener),
    };
    const running = await startDemos({ counter: createCounterDemo({ intervalMs: 20, lingerMs: LINGER_MS }, cutOff) });
    const readers = [await open(running.url('/api/sse/counter')), await open(running.url('/api/sse/counter'))];
    await Promise.all(readers.map((reader) => reader.waitForEvents(3)));
    reportGap();
    await Promise.all(readers.map((reader) => reader.ended));
    expect(running.openStreams()).toBe(0);
  });
});
