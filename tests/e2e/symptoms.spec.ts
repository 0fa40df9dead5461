/**
 * Two symptoms from the troubleshooting index that live in the browser, shown
 * in Debian's Chromium against the site's own endpoint (HTTP/1.1):
 * - the seventh stream to one host waits, because a browser opens about six
 *   HTTP/1.x connections per host and every open EventSource holds one;
 * - a server ends a stream and answers the reconnect with 204: EventSource
 *   fires `error` once, becomes CLOSED and stops reconnecting.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
import { expect, test } from './fixtures.ts';

test('over HTTP/1.1 the seventh EventSource to the same host waits until another one closes', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => {
    const sources = Array.from({ length: 7 }, (_, index) => {
      const source = new EventSource(`/api/sse/clock?n=60&tab=${index}`);
      source.addEventListener('open', () => ((window as unknown as { opened: number[] }).opened.push(index)));
      return source;
    });
    Object.assign(window, { sources, opened: [] as number[] });
  });
  const opened = () => page.evaluate(() => (window as unknown as { opened: number[] }).opened.length);
  await expect.poll(opened).toBe(6);
  // Give the seventh every chance to open: it must not.
  await page.waitForTimeout(2_000);
  expect(await opened()).toBe(6);
  expect(await page.evaluate(() => (window as unknown as { sources: EventSource[] }).sources[6]!.readyState)).toBe(0); // CONNECTING

  // Closing one frees its connection for the seventh.
  await page.evaluate(() => (window as unknown as { sources: EventSource[] }).sources[0]!.close());
  await expect.poll(opened).toBe(7);
  await page.evaluate(() => (window as unknown as { sources: EventSource[] }).sources.forEach((source) => source.close()));
});

test('a reconnect answered with 204 stops EventSource for good: one error, then CLOSED', async ({ page }) => {
  await page.goto('/');
  const outcome = await page.evaluate(async () => {
    // The echo plays a stream once; the browser's reconnect to the same URL gets 204.
    const created = await fetch('/api/sse/echo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stream: 'retry: 200\ndata: only once\n\n', splits: [], delayMs: 0 }),
    });
    const { url } = (await created.json()) as { url: string };
    return new Promise<{ messages: string[]; errors: number; readyState: number }>((resolve) => {
      const source = new EventSource(url);
      const messages: string[] = [];
      let errors = 0;
      source.onmessage = (event) => messages.push(event.data as string);
      source.onerror = () => {
        errors += 1;
      };
      // Long enough for the end of the stream, the 200 ms reconnection time and the 204.
      setTimeout(() => resolve({ messages, errors, readyState: source.readyState }), 2_500);
    });
  });
  expect(outcome.messages).toEqual(['only once']);
  expect(outcome.readyState).toBe(2); // CLOSED
  // One error when the stream ended (the browser then reconnects), one for the 204.
  expect(outcome.errors).toBe(2);
});
