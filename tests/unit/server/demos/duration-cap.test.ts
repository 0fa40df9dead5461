/**
 * The duration-cap lab (src/server/demos/duration-cap.ts) on a real HTTP
 * server: a busy stream, heartbeat or not, is cut at the cap in the middle
 * of its chunked body, and a reader that comes back with Last-Event-ID
 * continues with the next count, however many cuts there are.
 */
import { describe, expect } from 'vitest';
import { createCounterDemo } from '../../../../src/server/demos/counter.ts';
import { createDurationCapLab } from '../../../../src/server/demos/duration-cap.ts';
import { openEventStream, type ArrivedEvent } from '../../../helpers/event-stream-reader.ts';
import { it } from '../../../helpers/server-fixtures.ts';

/** A cap short enough for a test, a counter that counts every 20 ms behind it. */
const CAP_MS = 400;

function lab() {
  const counter = createCounterDemo({ intervalMs: 20, lingerMs: 200, retryMs: 100 });
  return { 'lab/duration-cap': createDurationCapLab(counter, { defaultCapMs: CAP_MS, minCapMs: 100 }) };
}

const countIds = (events: ArrivedEvent[]) => events.filter((event) => event.type === 'message').map((event) => Number(event.lastEventId));

describe('the duration-cap lab', () => {
  it.for([
    ['without a heartbeat', 60_000],
    ['with a heartbeat every 50 ms', 50],
  ] as const)('cuts a busy stream at the cap, in the middle of its body, %s', async ([, heartbeatMs], { startDemos }) => {
    const { url } = await startDemos(lab(), { heartbeatMs });
    const opened = performance.now();
    const stream = await openEventStream(url('/api/sse/lab/duration-cap'));
    await stream.ended;
    const lastedMs = performance.now() - opened;
    // Counting all the while (an event every 20 ms), and still cut.
    expect(countIds(stream.events).length).toBeGreaterThan(5);
    expect(lastedMs).toBeGreaterThanOrEqual(CAP_MS - 20);
    expect(lastedMs).toBeLessThan(CAP_MS + 1500);
    // Not an end the server chose: the body broke off without its last chunk.
    expect(stream.hasEnded()).toBe(false);
  });

  it('takes the cap from ?capMs=', async ({ startDemos }) => {
    const { url } = await startDemos(lab());
    const opened = performance.now();
    const stream = await openEventStream(url('/api/sse/lab/duration-cap?capMs=1200'));
    await stream.ended;
    expect(performance.now() - opened).toBeGreaterThanOrEqual(1180);
  });

  it('resumes across three cuts with Last-Event-ID: every count once, none missing', async ({ startDemos }) => {
    const { url } = await startDemos(lab());
    const seen: number[] = [];
    let lastEventId = '';
    for (let connection = 0; connection < 3; connection++) {
      const stream = await openEventStream(url('/api/sse/lab/duration-cap'), { headers: lastEventId ? { 'Last-Event-ID': lastEventId } : {} });
      await stream.ended;
      // The counter goes on while the reader is away, as during a browser's reconnection time.
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen.push(...countIds(stream.events));
      lastEventId = stream.lastEventId;
    }
    expect(seen.length).toBeGreaterThan(15);
    expect(seen).toEqual(seen.map((_, index) => seen[0]! + index));
  });

  it.for(['abc', '99', '60001', '1e3'])('refuses capMs=%s with 400 naming the parameter', async (capMs, { startDemos }) => {
    const counter = createCounterDemo({ intervalMs: 20 });
    const { url } = await startDemos({ 'lab/duration-cap': createDurationCapLab(counter) });
    const response = await fetch(url(`/api/sse/lab/duration-cap?capMs=${capMs}`));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^Query parameter "capMs" must be a whole number of milliseconds from 1000 to 60000/);
  });
});
