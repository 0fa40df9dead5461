/**
 * What is SSE's terminal command (src/snippets/start/watch-clock.sh), run as
 * written against the bundled /api router, with the page's port 4321 routed
 * to the test's server: it prints each tick as it arrives, four of them and
 * the `done` event, and then curl ends by itself because the server ended
 * the response.
 */
import { expect } from 'vitest';
import { it } from '../../../helpers/server-fixtures.ts';
import { startShownCommand } from '../../../helpers/shown-command.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

/** The event types and data curl printed, in order. */
const printedEvents = (output: string) =>
  [...output.matchAll(/^event: (.+)\ndata: (.+)\n\n/gm)].map(([, type, data]) => ({ type, data: JSON.parse(data!) as object }));

it('start/watch-clock.sh prints each tick as it arrives, four ticks and done, then exits on its own', async ({ startApi }) => {
  const api = await startApi();
  const port = Number(new URL(api.url('/')).port);
  const watcher = startShownCommand('start/watch-clock.sh', { 4321: port });
  try {
    // The first tick comes after 1 s and the stream ends after 4 s: seeing it
    // before then means curl writes each event as it arrives (-N).
    await waitFor(() => watcher.output().includes('event: tick'), 3_000, 'the first tick before the stream ends');
    expect(watcher.output()).not.toContain('event: done');
    await waitFor(() => watcher.exited(), 8_000, 'curl to exit when the server ends the response');
  } finally {
    await watcher.stop();
  }
  const events = printedEvents(watcher.output());
  expect(events.map((event) => event.type)).toEqual(['tick', 'tick', 'tick', 'tick', 'done']);
  expect(events.slice(0, 4).map((event) => (event.data as { i: number }).i)).toEqual([1, 2, 3, 4]);
  expect(events[4]!.data).toEqual({ ticks: 4 });
});
