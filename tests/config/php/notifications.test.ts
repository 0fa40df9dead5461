/**
 * The polling-loop example of the async-PHP page (src/snippets/php/notifications.php),
 * behind the Apache2 + PHP-FPM guide's setup, where a missing flush() would
 * keep the events in PHP-FPM: it looks for new notifications every poll
 * interval and sends each batch as several events with one flush(). A batch
 * reaches the reader together, within one poll interval of being stored, and
 * a reconnect with Last-Event-ID gets only what it missed.
 */
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeArrivals, measureArrivals, onTimeMs, type Arrival } from '../harness/arrivals.ts';
import { printLogsOnFailure } from '../harness/failure-logs.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { createServerDir, type ServerDir } from '../harness/server-dir.ts';
import { snippet, startGuideSetup, type GuideSetup } from '../apache-php-fpm/guide-setup.ts';

const POLL_MS = 500;

describeWithServers(['apache2', 'php-fpm', 'openssl', 'curl'], 'src/snippets/php/notifications.php behind Apache2 + PHP-FPM', () => {
  let data: ServerDir;
  let store: string;
  let setup: GuideSetup;
  /** Stores notifications the way the application would, stamped with the time they were stored. */
  const storeNotifications = (ids: number[]): void => {
    const time = new Date().toISOString();
    appendFileSync(store, ids.map((id) => JSON.stringify({ id, text: `notification ${id}`, time }) + '\n').join(''));
  };
  const ids = (arrivals: Arrival[]) => arrivals.map((arrival) => JSON.parse(arrival.event.data).id as number);

  beforeAll(async () => {
    data = createServerDir('notifications');
    store = data.write('notifications.jsonl', '');
    setup = await startGuideSetup({
      files: { 'sse/notifications.php': snippet('php/notifications.php') },
      poolSettings: {
        'env[NOTIFICATIONS_FILE]': store,
        'env[SSE_POLL]': String(POLL_MS / 1000),
        // The first stream's script notices that the reader left at its next write.
        'env[SSE_HEARTBEAT]': '1',
      },
    });
  });
  afterAll(async () => {
    await setup?.stop();
    await data?.remove();
  });
  printLogsOnFailure(() => setup.logs());

  it('sends each stored batch together, within one poll interval, and resumes after Last-Event-ID', async () => {
    const url = setup.apache.httpsUrl('/sse/notifications.php');
    const reading = measureArrivals(url, { client: 'curl-http1', maxEvents: 5, timeoutMs: 8_000 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    storeNotifications([1, 2, 3]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    storeNotifications([4, 5]);
    const stream = await reading;

    expect(stream.headers['content-type'], describeArrivals(stream)).toBe('text/event-stream; charset=utf-8');
    expect(stream.arrivals.map((arrival) => arrival.event.type), describeArrivals(stream)).toEqual(Array(5).fill('notification'));
    expect(ids(stream.arrivals)).toEqual([1, 2, 3, 4, 5]);
    expect(stream.arrivals.map((arrival) => arrival.event.lastEventId)).toEqual(['1', '2', '3', '4', '5']);
    const [first, , third, fourth, fifth] = stream.arrivals as [Arrival, Arrival, Arrival, Arrival, Arrival];
    // One batch, one flush(): its events complete in the same chunk.
    expect(third.arrivedAt - first.arrivedAt, describeArrivals(stream)).toBe(0);
    expect(fifth.arrivedAt - fourth.arrivedAt, describeArrivals(stream)).toBe(0);
    // Two batches, two flushes, as far apart as they were stored.
    expect(fourth.arrivedAt - third.arrivedAt, describeArrivals(stream)).toBeGreaterThan(1_000);
    for (const arrival of stream.arrivals) expect(arrival.delayMs!, describeArrivals(stream)).toBeLessThanOrEqual(POLL_MS + onTimeMs);

    const resumed = await measureArrivals(url, { headers: { 'Last-Event-ID': '3' }, maxEvents: 2, timeoutMs: 3_000 });
    expect(ids(resumed.arrivals), describeArrivals(resumed)).toEqual([4, 5]);
  });
});
