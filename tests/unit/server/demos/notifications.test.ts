import { afterEach, describe, expect } from 'vitest';
import { it as serverIt } from '../../../helpers/server-fixtures.ts';
import { createNotificationsDemo } from '../../../../src/server/demos/notifications.ts';
import { prng } from '../../../helpers/prng.ts';
import { activeTimers, leaveAndAwaitRelease, type DemoServer } from '../../../helpers/demo-server.ts';
import { openEventStream, type EventStreamReader } from '../../../helpers/event-stream-reader.ts';

const streams: EventStreamReader[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
});

const MIN_GAP_MS = 40;
const MAX_GAP_MS = 120;

const it = serverIt.extend<{ start: (random?: () => number) => Promise<DemoServer> }>({
  start: async ({ startDemos }, use) =>
    use((random = prng(6)) => startDemos({ notifications: createNotificationsDemo({ minGapMs: MIN_GAP_MS, maxGapMs: MAX_GAP_MS }, random) })),
});

describe('the named-events demo', () => {
  it('sends notification and update events and unnamed ones, each with the data its type promises', async ({ start }) => {
    const { url } = await start();
    const stream = await openEventStream(url('/api/sse/notifications'));
    streams.push(stream);
    const events = await stream.waitForEvents(24, 10_000);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(['notification', 'update', 'message']));
    expect(stream.text()).not.toMatch(/event: message/);
    for (const event of events) {
      if (event.type === 'notification') expect(JSON.parse(event.data)).toMatchObject({ title: expect.any(String) });
      if (event.type === 'update') expect(JSON.parse(event.data)).toMatchObject({ field: 'online', value: expect.any(Number) });
      if (event.type === 'message') expect(event.data).toMatch(/^Message \d+ has no event field$/);
    }
  });

  it('waits a random time between its bounds before each event', async ({ start }) => {
    const { url } = await start(Math.random);
    const startedAt = performance.now();
    const stream = await openEventStream(url('/api/sse/notifications'));
    streams.push(stream);
    const events = await stream.waitForEvents(20, 10_000);
    const arrivals = [startedAt, ...events.map((event) => event.at)];
    const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]!);
    // Timers never fire early: 20 gaps take at least 20 shortest gaps.
    expect(arrivals.at(-1)! - startedAt).toBeGreaterThanOrEqual(20 * MIN_GAP_MS - 5);
    // None waits much past the longest gap (with room for a busy machine).
    expect(Math.max(...gaps)).toBeLessThan(MAX_GAP_MS + 250);
    // And they vary: not one fixed interval.
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeGreaterThan((MAX_GAP_MS - MIN_GAP_MS) / 3);
  });

  it('releases its timer when the client goes away', async ({ start }) => {
    const before = activeTimers();
    const server = await start();
    const stream = await openEventStream(server.url('/api/sse/notifications'));
    await stream.waitForEvents(2);
    expect(activeTimers()).toBeGreaterThan(before);
    await leaveAndAwaitRelease(server, stream, before);
  });

  it('sends its texts in German with lang=de, for the German pages, and refuses a language it does not have', async ({ start }) => {
    const { url } = await start();
    const stream = await openEventStream(url('/api/sse/notifications?lang=de'));
    streams.push(stream);
    const events = await stream.waitForEvents(24, 10_000);
    for (const event of events) {
      if (event.type === 'notification') expect(JSON.parse(event.data).title).toMatch(/^(Build \d+ erfolgreich|Neuer Kommentar zu deinem Beitrag|Backup abgeschlossen|Rechnung \d+ bezahlt)$/);
      if (event.type === 'message') expect(event.data).toMatch(/^Nachricht \d+ hat kein event-Feld$/);
    }
    const refused = await fetch(url('/api/sse/notifications?lang=fr'));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/"lang" must be "en" or "de"/);
  });
});
