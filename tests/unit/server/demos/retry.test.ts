import { afterEach, describe, expect } from 'vitest';
import { it as serverIt } from '../../../helpers/server-fixtures.ts';
import { createRetryDemo } from '../../../../src/server/demos/retry.ts';
import { activeTimers, leaveAndAwaitRelease, type DemoServer } from '../../../helpers/demo-server.ts';
import { openEventStream, type EventStreamReader } from '../../../helpers/event-stream-reader.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

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

/** One whole response, as a reader gets it; with `after`, the reconnect that continues from its last event. */
async function fullResponse(url: string, after?: EventStreamReader): Promise<EventStreamReader> {
  const stream = await open(url, after ? { 'Last-Event-ID': after.lastEventId } : {});
  await stream.ended;
  expect(stream.status).toBe(200);
  return stream;
}

function firstData(stream: EventStreamReader): unknown {
  return JSON.parse(stream.events[0]!.data);
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

  it('counts a reconnect as use: the next newcomer pushes out the session idle longest since then', async ({ startDemos }) => {
    const running = await startDemos({ retry: createRetryDemo({ intervalMs: 10, maxSessions: 3 }) });
    const [a, b] = [await fullResponse(running.url('/api/sse/retry')), await fullResponse(running.url('/api/sse/retry'))];
    await fullResponse(running.url('/api/sse/retry'));
    const aAgain = await fullResponse(running.url('/api/sse/retry'), a);
    expect(firstData(aAgain)).toEqual({ connection: 2, n: 4 });
    await fullResponse(running.url('/api/sse/retry')); // a fourth session: b, not a, has been idle longest
    expect(firstData(await fullResponse(running.url('/api/sse/retry'), aAgain))).toEqual({ connection: 3, n: 7 });
    expect(firstData(await fullResponse(running.url('/api/sse/retry'), b))).toEqual({ connection: 1, n: 1 });
  });

  it('answers 503 with Retry-After only when every session in a full table has a stream open', async ({ startDemos }) => {
    const running = await startDemos({ retry: createRetryDemo({ intervalMs: 60_000, maxSessions: 2 }) });
    const first = await open(running.url('/api/sse/retry'));
    const second = await open(running.url('/api/sse/retry'));
    await Promise.all([first.waitForEvents(1), second.waitForEvents(1)]);
    const refused = await fetch(running.url('/api/sse/retry'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('60');
    // Once a reader leaves, its session is idle and makes room for the next one.
    first.close();
    await waitFor(() => running.openStreams() === 1, 5000, 'the server to let go of the first stream');
    const third = await open(running.url('/api/sse/retry'));
    await third.waitForEvents(1);
    expect(third.status).toBe(200);
  });
});

describe('the retry demo forgetting sessions', () => {
  it('forgets a session nobody reconnected to for sessionTtlMs, and keeps one reconnected to sooner', async ({ startDemos }) => {
    const running = await startDemos({ retry: createRetryDemo({ intervalMs: 10, sessionTtlMs: 1000 }) });
    const expired = await fullResponse(running.url('/api/sse/retry'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const recent = await fullResponse(running.url('/api/sse/retry'));
    expect(firstData(await fullResponse(running.url('/api/sse/retry'), recent))).toEqual({ connection: 2, n: 4 });
    expect(firstData(await fullResponse(running.url('/api/sse/retry'), expired))).toEqual({ connection: 1, n: 1 });
  });

  it('never forgets a session while its stream is open, however long that takes', async ({ startDemos }) => {
    const running = await startDemos({ retry: createRetryDemo({ intervalMs: 700, sessionTtlMs: 300 }) });
    const stream = await open(running.url('/api/sse/retry'));
    await stream.waitForEvents(2);
    const session = stream.events[0]!.lastEventId.split('.')[0]!;
    // Open for 700 ms and more, past the TTL: the stop still finds the session.
    expect((await fetch(running.url(`/api/sse/retry?stop=${session}`), { method: 'POST' })).status).toBe(204);
  });
});
