/**
 * The Redis broker against a real redis-server: two brokers stand for two
 * processes of the site sharing one Redis.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrokerMessage } from '../../../../src/server/broadcast/broker.ts';
import { RedisBroker } from '../../../../src/server/broadcast/redis-broker.ts';
import { RedisStreams } from '../../../../src/server/broadcast/redis-streams.ts';
import { redisMissing, startRedis, type TestRedis } from '../../../helpers/redis-server.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

if (redisMissing && process.env['CI'] === 'true') throw new Error(`CI must run the Redis tests: ${redisMissing}`);

let redis: TestRedis;
const connections: RedisStreams[] = [];
let key = '';

/** A broker with its own Redis connections, as one process of the site has. */
function broker(maxMessages = 50): RedisBroker & { status: () => ReturnType<RedisStreams['status']> } {
  const redisStreams = new RedisStreams(redis.url);
  connections.push(redisStreams);
  return Object.assign(new RedisBroker(redisStreams, { key, maxMessages }), { status: () => redisStreams.status() });
}

function collect(from: RedisBroker): BrokerMessage[] {
  const received: BrokerMessage[] = [];
  from.subscribe((message) => received.push(message));
  return received;
}

describe.skipIf(redisMissing !== null)(`the Redis broker ${redisMissing ?? ''}`, () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((each) => each.close()));
  });
  let run = 0;
  // A fresh stream per test, so tests don't see each other's history.
  beforeEach(() => {
    key = `test:${++run}`;
  });

  it('delivers a message published by one process to the subscribers of another, in order, once', async () => {
    const a = broker();
    const b = broker();
    await waitFor(() => a.status().connected && b.status().connected, 5000, 'both brokers to connect');
    const onB = collect(b);
    const onA = collect(a);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const published = [await a.publish('one'), await b.publish('two'), await a.publish('three')];
    await waitFor(() => onB.length === 3 && onA.length === 3, 5000, 'all three messages on both');
    expect(onB).toEqual(published);
    expect(onA).toEqual(published);
    expect(published[0]!.id).toMatch(/^\d+-\d+$/);
  });

  it('replays what a reader missed from the shared history, and says when it cannot', async () => {
    const a = broker(3);
    const b = broker(3);
    await waitFor(() => a.status().connected && b.status().connected, 5000, 'both brokers to connect');
    const first = await a.publish('m1');
    const second = await a.publish('m2');
    const third = await b.publish('m3');
    expect(await b.historySince(first.id)).toEqual({ messages: [second, third], complete: true });
    expect(await a.historySince(null)).toEqual({ messages: [first, second, third], complete: true });
    await a.publish('m4');
    await a.publish('m5');
    // m2 and m3 were trimmed (MAXLEN 3): a reader at m1 missed messages that are gone.
    expect((await b.historySince(first.id)).complete).toBe(false);
    expect((await b.historySince('1-0')).complete).toBe(false);
    expect((await b.historySince('99999999999999-0')).complete).toBe(false);
  });

  it('fails a publish at once while Redis is away, says so in its status, and delivers again once it is back', async () => {
    const a = broker();
    const b = broker();
    await waitFor(() => a.status().connected && b.status().connected, 5000, 'both brokers to connect');
    const onB = collect(b);
    const before = await a.publish('before');
    await waitFor(() => onB.length === 1, 5000, 'the first message');

    await redis.stop();
    await waitFor(() => !a.status().connected, 5000, 'the outage to show');
    const startedAt = performance.now();
    await expect(a.publish('during')).rejects.toThrow();
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(b.status()).toEqual({ kind: 'redis', connected: false });

    await redis.start();
    await waitFor(() => a.status().connected && b.status().connected, 10_000, 'both brokers to reconnect');
    const after = await a.publish('after');
    await waitFor(() => onB.length === 2, 10_000, 'delivery after the restart');
    expect(onB).toEqual([before, after]);
    // The restarted Redis kept nothing: a reader from before gets a reset, not a silent gap.
    expect((await b.historySince(before.id)).complete).toBe(false);
  }, 30_000);

  it('reports a gap when it was cut off from Redis while more messages were posted than the history keeps', async () => {
    const a = broker(5);
    await waitFor(() => a.status().connected, 5000, 'the broker to connect');
    const onA = collect(a);
    let gaps = 0;
    a.onGap(() => (gaps += 1));
    const first = await a.publish('seen');
    await waitFor(() => onA.length === 1, 5000, 'the first message');

    // Another process goes on posting while this one's connections are cut.
    const other = new Redis(redis.url);
    try {
      await other.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
      const posting = other.multi();
      for (let i = 0; i < 12; i++) posting.xadd(key, 'MAXLEN', '=', '5', '*', 'data', `missed ${i}`);
      await posting.exec();
      await waitFor(() => gaps > 0, 10_000, 'the gap to be reported');
      // The messages trimmed meanwhile were never delivered here; its readers learn of the gap instead.
      expect(onA.map((message) => message.data)).toEqual(['seen']);
      expect((await a.historySince(first.id)).complete).toBe(false);
      // And it goes on delivering what comes next.
      const next = await a.publish('after the gap');
      await waitFor(() => onA.length === 2, 5000, 'the next message');
      expect(onA[1]).toEqual(next);
    } finally {
      other.disconnect();
    }
  }, 30_000);
});
