import { describe, expect } from 'vitest';
import { it } from '../../../helpers/server-fixtures.ts';
import { idle } from '../../../../src/server/demos/idle.ts';
import { openEventStream } from '../../../helpers/event-stream-reader.ts';

describe('the idle stream of the connection-limit demo', () => {
  it('says ready with its slot, then sends nothing but heartbeats and stays open', async ({ startDemos }) => {
    const running = await startDemos({ idle }, { heartbeatMs: 50 });
    const stream = await openEventStream(running.url('/api/sse/idle?slot=3'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.events).toEqual([{ type: 'ready', data: '{"slot":3}', lastEventId: '', at: expect.any(Number) }]);
    expect(stream.text().match(/^: heartbeat$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(running.openStreams()).toBe(1);
    stream.close();
  });

  it.for(['0', '21', 'x'])('answers ?slot=%s with 400 naming slot', async (slot, { startDemos }) => {
    const running = await startDemos({ idle });
    const response = await fetch(running.url(`/api/sse/idle?slot=${slot}`));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^Query parameter "slot" must be an integer from 1 to 20/);
  });
});
