/**
 * The counter's Redis log against a real redis-server: two logs with their
 * own connections stand for two processes of the site sharing one Redis.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisCountLog } from '../../../../src/server/broadcast/redis-count-log.ts';
import { RedisStreams } from '../../../../src/server/broadcast/redis-streams.ts';

import { redisMissing, startRedis, type TestRedis } from '../../../helpers/redis-server.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

if (redisMissing && process.env['CI'] === 'true') throw new Error(`CI must run the Redis tests: ${redisMissing}`);

const INTERVAL_MS = 20;
const LEASE_MS = 3 * INTERVAL_MS;

let redis: TestRedis;
const connections: RedisStreams[] = [];
const timers: NodeJS.Timeout[] = [];
let run = 0;

/** One process's counter: its own connections, asking to count every interval, and what it delivered. */
async function counterProcess(key: string) {
  const connection = new RedisStreams(redis.url);
  connections.push(connection);
  const log = new RedisCountLog(connection, { key, keep: 10, leaseMs: LEASE_MS });
  const delivered: number[] = [];
  log.subscribe((n) => delivered.push(n));
  const counted: number[] = [];
  await waitFor(() => connection.connected, 5000, 'the Redis connection');
  const timer = setInterval(() => {
    log.countUp().then(
      (n) => n !== null && counted.push(n),
      () => {}, // Redis away: nobody counts.
    );
  }, INTERVAL_MS);
  timers.push(timer);
  return { log, delivered, counted, stop: () => clearInterval(timer) };
}

const consecutive = (counts: number[]) => counts.every((n, i) => i === 0 || n === counts[i - 1]! + 1);

describe.skipIf(redisMissing !== null)(`the counter's log in Redis ${redisMissing ?? ''}`, () => {
  beforeAll(async () => {
    redis = await startRedis();
  }, 20_000);
  afterAll(async () => {
    await redis?.dispose();
  });
  afterEach(async () => {
    for (const timer of timers.splice(0)) clearInterval(timer);
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
  });

  it('lets one of two processes count, and delivers the same counts to both, once each, in order', async () => {
    const key = `count:${++run}`;
    const [a, b] = await Promise.all([counterProcess(key), counterProcess(key)]);
    await waitFor(() => a.delivered.length >= 20 && b.delivered.length >= 20, 5000, 'twenty counts on both');
    a.stop();
    b.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(a.delivered).toEqual(b.delivered);
    expect(consecutive(a.delivered)).toBe(true);
    // Exactly one of them counted while both asked.
    expect(Math.min(a.counted.length, b.counted.length)).toBe(0);
    expect(a.counted.length + b.counted.length).toBe(a.delivered.length);
  });

  it('hands the counting to another process within the lease when the counting one stops', async () => {
    const key = `count:${++run}`;
    const a = await counterProcess(key);
    await waitFor(() => a.counted.length >= 5, 5000, 'a to count');
    const b = await counterProcess(key);
    await new Promise((resolve) => setTimeout(resolve, 5 * INTERVAL_MS));
    expect(b.counted).toEqual([]);
    a.stop();
    const stoppedAt = performance.now();
    await waitFor(() => b.counted.length >= 5, 5000, 'b to take over');
    expect(performance.now() - stoppedAt).toBeLessThan(LEASE_MS + 1000);
    const all = [...a.counted, ...b.counted];
    expect(consecutive(all)).toBe(true);
  });

  it('keeps the last counts for replay, and reports a gap when Redis lost its data and the counter starts over', async () => {
    const key = `count:${++run}`;
    const a = await counterProcess(key);
    let gaps = 0;
    a.log.onGap(() => (gaps += 1));
    await waitFor(() => a.delivered.length >= 15, 5000, 'fifteen counts');
    const { retained, newest } = await a.log.recent();
    expect(retained).toHaveLength(10);
    expect(retained.at(-1)).toBe(newest);
    expect(consecutive(retained)).toBe(true);
    expect(gaps).toBe(0);

    await redis.stop();
    const countedBefore = a.counted.length;
    await redis.start();
    await waitFor(() => a.counted.length >= countedBefore + 5, 10_000, 'counting after the restart');
    // The counter started over at 1, as a restarted process's would; the readers must hear of it.
    expect(a.counted.slice(countedBefore, countedBefore + 5)).toEqual([1, 2, 3, 4, 5]);
    await waitFor(() => gaps > 0, 5000, 'the gap to be reported');
    const deliveredBefore = a.delivered.length;
    await waitFor(() => a.delivered.length >= deliveredBefore + 3, 5000, 'delivery to go on');
  }, 30_000);
});
