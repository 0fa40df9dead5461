import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { demo, expect, test } from './fixtures.ts';

/** The gallery in both languages, with what each demo's controls are called there. */
const languages = [
  {
    path: '/demos/',
    start: 'Start',
    drop: 'Drop connection',
    stopForGood: 'Stop for good (204)',
    startJob: 'Start job',
    hundred: '100%',
    openStream: 'Open a stream',
    closeFirst: 'Close: Stream 1',
    closeAll: 'Close all',
    unreachable: 'Could not connect to',
  },
  {
    path: '/de/demos/',
    start: 'Starten',
    drop: 'Verbindung trennen',
    stopForGood: 'Endgültig stoppen (204)',
    startJob: 'Job starten',
    hundred: '100 %',
    openStream: 'Stream öffnen',
    closeFirst: 'Schließen: Stream 1',
    closeAll: 'Alle schließen',
    unreachable: 'Keine Verbindung zu',
  },
] as const;


const height = async (figure: Locator): Promise<number> => (await figure.boundingBox())!.height;

for (const lang of languages) {
  test.describe(`the demos on ${lang.path}`, () => {
    test('the counter resumes without a gap after a drop and marks the replayed events', async ({ page }) => {
      await page.goto(lang.path);
      const figure = await demo(page, 'counter');
      const before = await height(figure);
      await figure.getByRole('button', { name: lang.start, exact: true }).click();
      const counts = figure.locator('li[data-event-type="message"]');
      await expect(counts).toHaveCount(3, { timeout: 8000 });
      await figure.getByRole('button', { name: lang.drop }).click();
      await expect(figure.locator('.sse-demo__state')).toHaveText('CONNECTING');
      // The browser waits the retry: time (2 s), reconnects with Last-Event-ID, and gets the missed counts.
      await expect(figure.locator('li[data-tag="replayed"]').first()).toBeVisible({ timeout: 8000 });
      await expect(figure.locator('.sse-demo__state')).toHaveText('OPEN');
      const live = figure.locator('li[data-event-type="message"]:not([data-tag])');
      const liveBefore = await live.count();
      await expect(live).toHaveCount(liveBefore + 1, { timeout: 5000 });

      const ids = (await counts.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-event-id')))));
      expect(ids.length).toBeGreaterThan(4);
      expect(ids).toEqual(ids.map((_, index) => ids[0]! + index));
      await expect(figure.locator('li[data-tag="gap"]')).toHaveCount(0);
      expect(await height(figure)).toBeCloseTo(before, 0);
    });

    test('"stop for good" makes the server answer the reconnect with 204, and the state turns CLOSED', async ({ page }) => {
      await page.goto(lang.path);
      const figure = await demo(page, 'retry');
      const before = await height(figure);
      await figure.getByRole('spinbutton').fill('1000');
      await figure.getByRole('button', { name: lang.start, exact: true }).click();
      // The server ends each response after three events; the browser waits retry: 1000 and comes back.
      await expect(figure.locator('[data-delays]')).toContainText('ms', { timeout: 10_000 });
      const measured = Number(/(\d+) ms/.exec((await figure.locator('[data-delays]').textContent()) ?? '')?.[1]);
      expect(measured).toBeGreaterThanOrEqual(900);
      expect(measured).toBeLessThan(4000);

      await figure.getByRole('button', { name: lang.stopForGood }).click();
      await expect(figure.locator('.sse-demo__state')).toHaveText('CLOSED', { timeout: 8000 });
      const events = await figure.locator('li[data-kind="event"]').count();
      // Closed for good: no reconnect, no further events.
      await page.waitForTimeout(2500);
      await expect(figure.locator('.sse-demo__state')).toHaveText('CLOSED');
      await expect(figure.locator('li[data-kind="event"]')).toHaveCount(events);
      expect(await height(figure)).toBeCloseTo(before, 0);
    });

    test('the progress bar reaches 100 and the client closes on complete', async ({ page }) => {
      await page.goto(lang.path);
      const figure = await demo(page, 'progress');
      const before = await height(figure);
      const button = figure.getByRole('button', { name: lang.startJob });
      await button.focus();
      await page.keyboard.press('Enter');
      const bar = figure.getByRole('progressbar');
      await expect(bar).toHaveJSProperty('value', 100, { timeout: 10_000 });
      await expect(figure.locator('.sse-demo__percent')).toHaveText(lang.hundred);
      await expect(figure.locator('li[data-event-type="complete"]')).toHaveCount(1);
      await expect(figure.locator('.sse-demo__state')).toHaveText('CLOSED');
      expect(await figure.locator('li[data-event-type="progress"]').count()).toBe(20);
      await expect(button).toBeFocused();
      expect(await height(figure)).toBeCloseTo(before, 0);
    });

    test('the seventh stream waits for a free connection and opens once another closes', async ({ page }) => {
      await page.goto(lang.path);
      const figure = await demo(page, 'connection-limit');
      const before = await height(figure);
      const open = figure.getByRole('button', { name: lang.openStream });
      for (let i = 1; i <= 6; i++) {
        await open.click();
        await expect(figure.locator(`[data-slot="${i}"]`)).toHaveAttribute('data-state', 'OPEN');
      }
      await open.click();
      const seventh = figure.locator('[data-slot="7"]');
      await expect(seventh).toHaveAttribute('data-state', 'CONNECTING');
      // Still waiting well after the others opened in milliseconds: the browser holds the request.
      await page.waitForTimeout(2000);
      await expect(seventh).toHaveAttribute('data-state', 'CONNECTING');

      await figure.getByRole('button', { name: lang.closeFirst }).click();
      await expect(seventh).toHaveAttribute('data-state', 'OPEN', { timeout: 5000 });
      await expect(figure.locator('li[data-event-type="ready"]')).toHaveCount(7);

      await figure.getByRole('button', { name: lang.closeAll }).click();
      await expect(figure.locator('[data-slot][data-state="OPEN"]')).toHaveCount(0);
      expect(await height(figure)).toBeCloseTo(before, 0);
      // The connections are free again: a page request to this host goes through at once.
      expect((await page.request.get(lang.path)).status()).toBe(200);
    });

    test('named events land in the listener the client code registered for their type', async ({ page }) => {
      test.setTimeout(45_000);
      await page.goto(lang.path);
      const figure = await demo(page, 'named-events');
      const before = await height(figure);
      await figure.getByRole('button', { name: lang.start, exact: true }).click();
      for (const [type, listener] of [
        ['notification', 'notification'],
        ['update', 'update'],
        ['message', 'onmessage'],
      ]) {
        await expect(figure.locator(`li[data-event-type="${type}"][data-tag="${listener}"]`).first()).toBeVisible({ timeout: 30_000 });
      }
      const pairs = await figure
        .locator('li[data-kind="event"]')
        .evaluateAll((items) => items.map((item) => `${item.getAttribute('data-event-type')}→${item.getAttribute('data-tag')}`));
      expect(new Set(pairs)).toEqual(new Set(['notification→notification', 'update→update', 'message→onmessage']));
      // The code pane counts what each listener received.
      const counted = await figure.locator('[data-count-for]').evaluateAll((items) => items.map((item) => item.textContent));
      expect(counted.every((text) => /[1-9]/.test(text ?? ''))).toBe(true);
      expect(await height(figure)).toBeCloseTo(before, 0);
    });

    test('every demo says plainly that the endpoint cannot be reached when the API is blocked', async ({ page }) => {
      await page.route('**/api/sse/**', (route) => route.abort('connectionrefused'));
      await page.goto(lang.path);
      for (const [name, button] of [
        ['named-events', lang.start],
        ['counter', lang.start],
        ['retry', lang.start],
        ['progress', lang.startJob],
        ['connection-limit', lang.openStream],
      ]) {
        const figure = await demo(page, name!);
        await figure.getByRole('button', { name: button!, exact: true }).click();
        await expect(figure.getByRole('status'), name).toContainText(lang.unreachable);
        await expect(figure.locator('.sse-demo__state'), name).toHaveText('CLOSED');
      }
    });
  });
}

test('a Last-Event-ID that is no event ID gets a 400, and EventSource gives up for good', async ({ page }) => {
  await page.goto('/demos/');
  const figure = await demo(page, 'counter');
  await figure.getByRole('textbox').fill('abc');
  await figure.getByRole('button', { name: 'Open with this ID' }).click();
  await expect(figure.getByRole('status')).toContainText('refused the stream with 400: Last-Event-ID "abc"');
  await expect(figure.locator('.sse-demo__state')).toHaveText('CLOSED');
});

test('the demos have no accessibility violations while they run', async ({ page }) => {
  await page.goto('/de/demos/');
  // Named events and progress first: while six streams are open, even the other islands' scripts wait for a connection.
  const named = await demo(page, 'named-events');
  await named.getByRole('button', { name: 'Starten', exact: true }).click();
  const progress = await demo(page, 'progress');
  await progress.getByRole('button', { name: 'Job starten' }).click();
  await expect(named.locator('li[data-kind="event"]').first()).toBeVisible({ timeout: 10_000 });
  await expect(progress.locator('li[data-event-type="complete"]')).toHaveCount(1, { timeout: 10_000 });
  await named.getByRole('button', { name: 'Stoppen' }).click();
  const limit = await demo(page, 'connection-limit');
  for (let i = 0; i < 7; i++) await limit.getByRole('button', { name: 'Stream öffnen' }).click();
  await expect(limit.locator('[data-slot="6"]')).toHaveAttribute('data-state', 'OPEN');
  const results = await new AxeBuilder({ page }).include('.sse-demo').analyze();
  expect(results.violations.map(({ id, help, nodes }) => ({ id, help, targets: nodes.map((node) => node.target) }))).toEqual([]);
});

test('the counter and the connection limit work by keyboard, and focus stays in the demo', async ({ page }) => {
  await page.goto('/demos/');
  const counter = await demo(page, 'counter');
  await counter.getByRole('button', { name: 'Start', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(counter.locator('li[data-event-type="message"]').first()).toBeVisible({ timeout: 5000 });
  await page.keyboard.press('Tab');
  const drop = counter.getByRole('button', { name: 'Drop connection' });
  await expect(drop).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counter.locator('.sse-demo__state')).toHaveText('CONNECTING');
  await expect(drop).toBeFocused();
  await expect(counter.locator('li[data-tag="replayed"]').first()).toBeVisible({ timeout: 8000 });
  await counter.getByRole('button', { name: 'Stop', exact: true }).press('Enter');

  const limit = await demo(page, 'connection-limit');
  const open = limit.getByRole('button', { name: 'Open a stream' });
  await open.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(limit.locator('[data-slot][data-state="OPEN"]')).toHaveCount(2);
  await limit.getByRole('button', { name: 'Close: Stream 2' }).press('Enter');
  await expect(limit.locator('[data-slot][data-state="OPEN"]')).toHaveCount(1);
  await expect(open).toBeFocused();
  await limit.getByRole('button', { name: 'Close all' }).press('Enter');
  await expect(limit.locator('[data-slot][data-state="OPEN"]')).toHaveCount(0);
  await expect(open).toBeFocused();
});
