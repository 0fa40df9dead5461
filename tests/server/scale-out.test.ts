/**
 * Two production processes share one room through a real Redis
 * (`redis-server` from Debian, no persistence): a message posted to one
 * reaches readers of the other, a reader that drops from one and reconnects
 * to the other gets exactly what it missed, and after Redis restarts both
 * deliver again without a restart of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/api-server.ts';
import { openEventStream, postJson, type EventStreamClient } from '../helpers/event-stream-client.ts';
import { startProductionServer, type ProductionServer } from '../helpers/production-server.ts';
import { redisMissing, startRedis, type TestRedis } from '../helpers/redis-server.ts';

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

function texts(client: EventStreamClient, from = 0): string[] {
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
    const resumed = await openEventStream(`${b.url}api/sse/room`, { 'Last-Event-ID': lastEventId });
    try {
      await waitFor(() => resumed.events.some((event) => event.type === 'live'), 5000, 'the replay to finish');
      expect(resumed.events.some((event) => event.type === 'reset')).toBe(false);
      expect(texts(resumed)).toEqual(['missed 1', 'missed 2']);
    } finally {
      resumed.close();
    }
  });

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
