import { afterEach, describe, expect } from 'vitest';
import { it as serverIt } from '../../../helpers/server-fixtures.ts';
import { createProgressDemo } from '../../../../src/server/demos/progress.ts';
import { activeTimers, leaveAndAwaitRelease, type DemoServer } from '../../../helpers/demo-server.ts';
import { openEventStream, type EventStreamReader } from '../../../helpers/event-stream-reader.ts';

const streams: EventStreamReader[] = [];
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
});

const it = serverIt.extend<{ start: (stepMs?: number) => Promise<DemoServer> }>({
  start: async ({ startDemos }, use) => use((stepMs = 20) => startDemos({ progress: createProgressDemo({ stepMs }) })),
});

describe('the progress demo', () => {
  it('reports rising percentages step by step, ends with complete at 100, then ends the response', async ({ start }) => {
    const { url } = await start();
    const stream = await openEventStream(url('/api/sse/progress?steps=8'));
    streams.push(stream);
    await stream.ended;
    const types = stream.events.map((event) => event.type);
    expect(types).toEqual([...Array(8).fill('progress'), 'complete']);
    const percents = stream.events.map((event) => JSON.parse(event.data).percent as number);
    expect(percents).toEqual([13, 25, 38, 50, 63, 75, 88, 100, 100]);
    expect(JSON.parse(stream.events.at(-1)!.data)).toMatchObject({ percent: 100, steps: 8 });
  });

  it('takes one step time per step', async ({ start }) => {
    const { url } = await start(100);
    const startedAt = performance.now();
    const stream = await openEventStream(url('/api/sse/progress?steps=4'));
    streams.push(stream);
    await stream.ended;
    // Four steps of 100 ms from the request on (timers never fire early): not sent in one go, and not stalled either.
    expect(performance.now() - startedAt).toBeGreaterThan(380);
    expect(performance.now() - startedAt).toBeLessThan(2000);
  });

  it.for(['0', '101', 'ten'])('answers ?steps=%s with 400 naming steps', async (steps, { start }) => {
    const { url } = await start();
    const response = await fetch(url(`/api/sse/progress?steps=${steps}`));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^Query parameter "steps" must be an integer from 1 to 100/);
  });

  it('stops the job and releases its timer when the client goes away mid-job', async ({ start }) => {
    const before = activeTimers();
    const server = await start();
    const stream = await openEventStream(server.url('/api/sse/progress?steps=100'));
    await stream.waitForEvents(2);
    expect(activeTimers()).toBeGreaterThan(before);
    await leaveAndAwaitRelease(server, stream, before);
  });
});
