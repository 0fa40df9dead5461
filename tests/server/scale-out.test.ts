/**
 * Two production processes share one room and one resumable counter through
 * a real Redis (`redis-server` from Debian, no persistence): a message posted
 * to one reaches readers of the other, a reader that drops from one and
 * reconnects to the other gets exactly what it missed, the counter counts
 * once for both, and after Redis restarts both deliver again without a
 * restart of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startProductionServer, type ProductionServer } from '../helpers/production-server.ts';
import { redisMissing, startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { openEventStream, type EventStreamReader } from '../helpers/event-stream-reader.ts';
import { postJson } from '../helpers/post-json.ts';
import { waitFor } from '../helpers/wait-for.ts';

if (redisMissing && process.env['CI'] === 'true') throw new Error(`CI must run the scale-out tests: ${redisMissing}`);

let redis: TestRedis;
let a: ProductionServer;
let b: ProductionServer;

interface Status {
  broadcast: { kind: string; connected: boolean };
}

async function broadcastStatus(server: ProductionServer): Promise<Status['broadcast']> {
  return ((await (await fetch(`${server.url}api/status`)).json()) as Status).broadcast;
}

/** The broadcast status once it says `connected` (or after 15 s, whatever it says then). */
async function broadcastStatusOnce(server: ProductionServer, connected: boolean): Promise<Status['broadcast']> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const status = await broadcastStatus(server);
    if (status.connected === connected || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Each post from its own loopback address, so the room's per-client rate limit does not get in the way. */
let sender = 10;
function post(server: ProductionServer, text: string) {
  return postJson(`${server.url}api/room`, { name: 'test', text }, { from: `127.0.0.${sender++}` });
}

interface Count {
  n: number;
  replayed?: boolean;
}

function counts(client: EventStreamReader): Count[] {
  return client.events.filter((event) => event.type === 'message').map((event) => JSON.parse(event.data) as Count);
}

const consecutive = (numbers: number[]) => numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);

function texts(client: EventStreamReader, from = 0): string[] {
  return client.events.slice(from).filter((event) => event.type === 'message').map((event) => (JSON.parse(event.data) as { text: string }).text);
}

describe.skipIf(redisMissing !== null)(`two instances and one Redis ${redisMissing ?? ''}`, () => {
  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startProductionServer({ REDIS_URL: redis.url }), startProductionServer({ REDIS_URL: redis.url })]);
    for (const server of [a, b]) await waitFor(() => server.stdout().includes('Redis connected'), 10_000, 'the Redis connection');
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
  });

  it('delivers a message posted to one instance to a reader of the other', async () => {
    expect(await broadcastStatus(a)).toEqual({ kind: 'redis', connected: true });
    const reader = await openEventStream(`${b.url}api/sse/room`);
    try {
      await reader.waitForEvents(1);
      const before = reader.events.length;
      expect((await post(a, 'hello from A')).status).toBe(201);
      await waitFor(() => texts(reader, before).length === 1, 5000, 'the message on B');
      expect(texts(reader, before)).toEqual(['hello from A']);
    } finally {
      reader.close();
    }
  });

  it('gives a reader that drops from one instance and reconnects to the other exactly what it missed', async () => {
    const first = await openEventStream(`${a.url}api/sse/room`);
    await first.waitForEvents(1);
    const seen = first.events.length;
    await post(a, 'seen before the drop');
    await waitFor(() => texts(first, seen).length === 1, 5000, 'the first message');
    const lastEventId = first.lastEventId;
    first.close();

    await post(a, 'missed 1');
    await post(b, 'missed 2');
    const resumed = await openEventStream(`${b.url}api/sse/room`, { headers: { 'Last-Event-ID': lastEventId } });
    try {
      await waitFor(() => resumed.events.some((event) => event.type === 'live'), 5000, 'the replay to finish');
      expect(resumed.events.some((event) => event.type === 'reset')).toBe(false);
      expect(texts(resumed)).toEqual(['missed 1', 'missed 2']);
    } finally {
      resumed.close();
    }
  });

  it('counts once for both instances: a reader that joins the other one later gets the same counts under the same ids', async () => {
    const onA = await openEventStream(`${a.url}api/sse/counter`);
    let onB: EventStreamReader | undefined;
    try {
      await waitFor(() => counts(onA).length >= 3, 10_000, 'three counts on A');
      const startedAt = performance.now();
      onB = await openEventStream(`${b.url}api/sse/counter`);
      await waitFor(() => counts(onB!).length >= 3, 10_000, 'three counts on B');
      const seconds = (performance.now() - startedAt) / 1000;
      const seenOnA = counts(onA).map((count) => count.n);
      const seenOnB = counts(onB).map((count) => count.n);
      // B joins A's counter where it stands: a counter of its own would start again at 1.
      expect(seenOnB[0]).toBeGreaterThan(seenOnA[0]! + 1);
      expect(consecutive(seenOnA)).toBe(true);
      expect(consecutive(seenOnB)).toBe(true);
      const ids = (client: EventStreamReader) => client.events.filter((event) => event.type === 'message').map((event) => event.lastEventId);
      expect(ids(onB).every((id) => ids(onA).includes(id))).toBe(true);
      // Once a second, not once a second per instance.
      expect(seenOnA.at(-1)! - seenOnB[0]!).toBeLessThanOrEqual(seconds + 1.5);
    } finally {
      onA.close();
      onB?.close();
    }
  }, 30_000);

  it('gives a counter reader that drops from one instance and reconnects to the other exactly the counts it missed', async () => {
    const first = await openEventStream(`${a.url}api/sse/counter`);
    await waitFor(() => counts(first).length >= 3, 10_000, 'three counts on A');
    // A reader on B keeps the counter going while the first one is away.
    const keepsCounting = await openEventStream(`${b.url}api/sse/counter`);
    try {
      await waitFor(() => counts(keepsCounting).length >= 1, 10_000, 'a count on B');
      const lastEventId = first.lastEventId;
      first.close();
      const dropped = Number(lastEventId);
      await waitFor(() => counts(keepsCounting).some((count) => count.n >= dropped + 2), 10_000, 'two counts while away');

      const resumed = await openEventStream(`${b.url}api/sse/counter`, { headers: { 'Last-Event-ID': lastEventId } });
      try {
        await waitFor(() => counts(resumed).some((count) => !count.replayed), 10_000, 'a live count after the replay');
        expect(resumed.events.some((event) => event.type === 'reset')).toBe(false);
        const got = counts(resumed);
        const replayed = got.filter((count) => count.replayed).map((count) => count.n);
        expect(replayed.length).toBeGreaterThanOrEqual(2);
        // Exactly what it missed, in order, then live: no gap and no duplicate across the switch.
        expect(replayed[0]).toBe(dropped + 1);
        expect(consecutive([dropped, ...got.map((count) => count.n)])).toBe(true);
      } finally {
        resumed.close();
      }
    } finally {
      first.close();
      keepsCounting.close();
    }
  }, 30_000);

  it('keeps its streams through a Redis restart, says so in /api/status, and delivers again once Redis is back', async () => {
    const reader = await openEventStream(`${b.url}api/sse/room`);
    try {
      await reader.waitForEvents(1);
      await redis.stop();
      expect(await broadcastStatusOnce(a, false)).toEqual({ kind: 'redis', connected: false });
      const refused = await post(a, 'while Redis is away');
      expect(refused.status).toBe(503);
      expect(refused.text).toMatch(/message bus is unreachable/);

      await redis.start();
      expect(await broadcastStatusOnce(a, true)).toEqual({ kind: 'redis', connected: true });
      expect(await broadcastStatusOnce(b, true)).toEqual({ kind: 'redis', connected: true });
      const before = reader.events.length;
      expect((await post(a, 'after the restart')).status).toBe(201);
      await waitFor(() => texts(reader, before).length === 1, 10_000, 'delivery after the restart');
      expect(texts(reader, before)).toEqual(['after the restart']);
      // Both processes logged the outage and the recovery once each, nothing per retry.
      expect(a.stderr().match(/Redis unreachable/g)).toHaveLength(1);
    } finally {
      reader.close();
    }
  }, 45_000);
});
