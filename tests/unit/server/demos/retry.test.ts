import { afterEach, describe, expect } from 'vitest';
import { it as serverIt } from '../../../helpers/server-fixtures.ts';
import { createRetryDemo } from '../../../../src/server/demos/retry.ts';
import { activeTimers, leaveAndAwaitRelease, type DemoServer } from '../../../helpers/demo-server.ts';
import { openEventStream, type EventStreamReader } from '../../../helpers/event-stream-reader.ts';

const streams: EventStreamReader[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
});

/** Events 30 ms apart, three per response. */
const it = serverIt.extend<{ start: () => Promise<DemoServer> }>({
  start: async ({ startDemos }, use) => use(() => startDemos({ retry: createRetryDemo({ intervalMs: 30 }) })),
});

async function open(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
  const stream = await openEventStream(url, { headers });
  streams.push(stream);
  return stream;
}

describe('the retry demo', () => {
  it("sends the reader's retry value and ends each response after three events", async ({ start }) => {
    const { url } = await start();
    const stream = await open(url('/api/sse/retry?retry=750'));
    await stream.ended;
    expect(stream.retries).toEqual([750]);
    expect(stream.events.map((event) => JSON.parse(event.data))).toEqual([
      { connection: 1, n: 1 },
      { connection: 1, n: 2 },
      { connection: 1, n: 3 },
    ]);
    expect(stream.events.map((event) => event.lastEventId)).toEqual(
      [1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^[A-Za-z0-9_-]{22}\\.${n}$`))),
    );
  });

  it('continues the same session when the browser reconnects with Last-Event-ID', async ({ start }) => {
    const { url } = await start();
    const first = await open(url('/api/sse/retry'));
    await first.ended;
    expect(first.retries).toEqual([2000]);
    const lastId = first.events.at(-1)!.lastEventId;
    const second = await open(url('/api/sse/retry'), { 'Last-Event-ID': lastId });
    await second.ended;
    expect(second.events.map((event) => JSON.parse(event.data))).toEqual([
      { connection: 2, n: 4 },
      { connection: 2, n: 5 },
      { connection: 2, n: 6 },
    ]);
    expect(second.events[0]!.lastEventId.split('.')[0]).toBe(lastId.split('.')[0]);
  });

  it('after "stop for good" ends the open response and answers the next reconnect with 204', async ({ start }) => {
    const { url } = await start();
    const stream = await open(url('/api/sse/retry'));
    await stream.waitForEvents(1);
    const session = stream.events[0]!.lastEventId.split('.')[0]!;
    const stop = await fetch(url(`/api/sse/retry?stop=${session}`), { method: 'POST' });
    expect(stop.status).toBe(204);
    await stream.ended;
    expect(stream.events.length).toBeLessThan(3);

    const reconnect = await fetch(url('/api/sse/retry'), { headers: { 'Last-Event-ID': stream.events.at(-1)!.lastEventId } });
    expect(reconnect.status).toBe(204);
    expect(await reconnect.text()).toBe('');
    // Another reader's session is untouched.
    const other = await open(url('/api/sse/retry'));
    await other.waitForEvents(1);
    expect(other.response.status).toBe(200);
  });

  it.for(['499', '10001', 'abc', '2s'])('answers ?retry=%s with 400 naming retry and its range', async (value, { start }) => {
    const { url } = await start();
    const response = await fetch(url(`/api/sse/retry?retry=${value}`));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^Query parameter "retry" must be an integer from 500 to 10000/);
  });

  it('refuses a stop without a session (400) or with an unknown one (404), and a malformed Last-Event-ID (400)', async ({ start }) => {
    const { url } = await start();
    const missing = await fetch(url('/api/sse/retry'), { method: 'POST' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('"stop"');
    expect((await fetch(url('/api/sse/retry?stop=AAAAAAAAAAAAAAAAAAAAAA'), { method: 'POST' })).status).toBe(404);
    const malformed = await fetch(url('/api/sse/retry'), { headers: { 'Last-Event-ID': 'nope' } });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('Last-Event-ID');
  });

  it('releases its timer when the client goes away mid-response', async ({ start }) => {
    const before = activeTimers();
    const server = await start();
    const stream = await open(server.url('/api/sse/retry'));
    await stream.waitForEvents(1);
    expect(activeTimers()).toBeGreaterThan(before);
    await leaveAndAwaitRelease(server, stream, before);
  });
});

describe('the retry demo under a burst of new readers', () => {
  it('forgets the session idle longest when its table is full, instead of refusing newcomers', async ({ startDemos }) => {
    const running = await startDemos({ retry: createRetryDemo({ intervalMs: 10, maxSessions: 3 }) });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const stream = await openEventStream(running.url('/api/sse/retry'));
      await stream.ended;
      expect(stream.response.status).toBe(200);
      ids.push(stream.events.at(-1)!.lastEventId);
    }
    // The newest session continues; the oldest was forgotten, so its reader starts a new one.
    const newest = await openEventStream(running.url('/api/sse/retry'), { headers: { 'Last-Event-ID': ids[4]! } });
    await newest.ended;
    expect(JSON.parse(newest.events[0]!.data)).toEqual({ connection: 2, n: 4 });
    const oldest = await openEventStream(running.url('/api/sse/retry'), { headers: { 'Last-Event-ID': ids[0]! } });
    await oldest.ended;
    expect(JSON.parse(oldest.events[0]!.data)).toEqual({ connection: 1, n: 1 });
  });
});
