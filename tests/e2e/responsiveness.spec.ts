import { expect, test } from './fixtures.ts';
import { eventRows, openPlayground, tab } from './playground-page.ts';

/*
 * Main-thread budgets. playwright.config.ts runs this file in a project of
 * its own after every other test has finished, so that no second browser
 * competes for the machine's two cores while long tasks are measured.
 */

test('a 1 MiB paste keeps every main-thread task under 50 ms', async ({ page }) => {
  test.setTimeout(60_000);
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { longTasks: typeof tasks }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const longTasksSince = (start: number) =>
    page.evaluate(
      (since) => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks.filter((task) => task.start >= since),
      start,
    );
  await openPlayground(page, '/playground/');

  // Work started by page.evaluate is not an event-loop task, so everything
  // below runs from setTimeout. First prove the observer sees a long task at all.
  const probeStart = await page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        setTimeout(() => {
          const start = performance.now();
          while (performance.now() - start < 80);
          resolve(start);
        }),
      ),
  );
  await expect.poll(async () => (await longTasksSince(probeStart - 1)).length).toBe(1);

  const event = 'event: tick\ndata: 0123456789abcdef0123456789abcdef\nid: 42\n\n';
  const count = Math.ceil((1024 * 1024) / event.length);
  const format = new Intl.NumberFormat('en');

  /** Pastes 1 MiB (plus `extra` events, so each paste changes the text), waits for the result, returns the long tasks. */
  async function pasteAndMeasure(extra: number) {
    await page.locator('.pg .cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    const pasteStart = await page.locator('.pg .cm-content').evaluate(
      (element, { text, times }) =>
        new Promise<number>((resolve) => {
          const pasted = text.repeat(times);
          setTimeout(() => {
            const data = new DataTransfer();
            data.setData('text/plain', pasted);
            const start = performance.now();
            element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            resolve(start);
          });
        }),
      { text: event, times: count + extra },
    );
    // The worker parses; the page shows the full count and the first rows only.
    await expect(page.locator('.pg__summary')).toContainText(`${format.format(count + extra)} events`, { timeout: 20_000 });
    await expect(page.locator('#pg-panel-trace .pg-note')).toContainText('Showing the first 500 of');
    await expect(page.locator('#pg-panel-trace tbody tr')).toHaveCount(500);
    // Switching views renders the other long table without a long task too.
    await tab(page, 'Events').click();
    await expect(eventRows(page)).toHaveCount(500);
    await tab(page, 'Trace').click();
    await expect(page.locator('#pg-panel-trace tbody tr')).toHaveCount(500);
    await page.waitForTimeout(300);
    return longTasksSince(pasteStart - 1);
  }

  // Best of three: on a shared, busy machine another process can stretch a
  // 20 ms task past 50 ms now and then. Work that is too big for one task
  // (a whole 1 MiB parse, 500 rows at once) fails all three.
  const attempts = [];
  for (let extra = 0; extra < 3; extra++) {
    const longTasks = await pasteAndMeasure(extra);
    if (longTasks.length === 0) return;
    attempts.push(longTasks);
  }
  expect(attempts).toEqual([]);
});
