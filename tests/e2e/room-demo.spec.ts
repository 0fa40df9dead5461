import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const languages = [
  { path: '/servers/broadcasting/', join: 'Join', send: 'Send', message: 'Message', name: 'Name', empty: 'Write a message first.' },
  { path: '/de/servers/broadcasting/', join: 'Beitreten', send: 'Senden', message: 'Nachricht', name: 'Name', empty: 'Schreib zuerst eine Nachricht.' },
] as const;

/** Waits until the demo's own island has hydrated (a page may hold islands that hydrate only when scrolled to). */
async function hydrated(demo: Locator): Promise<void> {
  await expect(demo.locator('xpath=ancestor::astro-island[1]')).not.toHaveAttribute('ssr');
}

async function openRoom(page: Page, path: string, join: string) {
  await page.goto(path);
  const demo = page.locator('.sse-demo[data-demo="room"]');
  await demo.scrollIntoViewIfNeeded();
  await hydrated(demo);
  await demo.getByRole('button', { name: join, exact: true }).click();
  await expect(demo.locator('.sse-demo__state')).toHaveText('OPEN');
  // The server's live event ends the history.
  await expect(demo.locator('li[data-event-type="live"]')).toHaveCount(1);
  return demo;
}

for (const { path, join, send, message, name, empty } of languages) {
  test(`the room on ${path} delivers a message posted in one page to a second page, as text`, async ({ browser }) => {
    // Three pages and two browser round trips: give a busy machine time.
    test.setTimeout(60_000);
    const context = await browser.newContext();
    const first = await context.newPage();
    const second = await context.newPage();
    try {
      const sender = await openRoom(first, path, join);
      const receiver = await openRoom(second, path, join);
      const heightBefore = (await receiver.boundingBox())!.height;
      const text = `<b>not bold</b> ${path} ${Date.now()}`;

      await sender.getByRole('textbox', { name }).fill('Playwright');
      await sender.getByRole('textbox', { name: message }).fill(text);
      await sender.getByRole('button', { name: send, exact: true }).click();

      const arrived = receiver.locator('li[data-event-type="message"][data-tag="live"]', { hasText: text });
      await expect(arrived).toHaveCount(1);
      // Shown as text: the markup is visible as typed, and no element was made from it.
      await expect(arrived.locator('b')).toHaveCount(0);
      await expect(arrived).toContainText('"name":"Playwright"');
      // Every message carries an id, shown next to it.
      await expect(arrived).toHaveAttribute('data-event-id', /^\d+-\d+$/);
      // The sender gets it too, and the message field is empty again.
      await expect(sender.locator('li[data-event-type="message"]', { hasText: text })).toHaveCount(1);
      await expect(sender.getByRole('textbox', { name: message })).toHaveValue('');
      // The demo reserved its space: nothing moved.
      expect((await receiver.boundingBox())!.height).toBeCloseTo(heightBefore, 0);
      const axe = await new AxeBuilder({ page: second }).include('.sse-demo[data-demo="room"]').analyze();
      expect(axe.violations.map(({ id, help }) => ({ id, help }))).toEqual([]);

      // A third page that joins later gets the message from the history, marked as such.
      const third = await context.newPage();
      const late = await openRoom(third, path, join);
      await expect(late.locator('li[data-event-type="message"][data-tag="history"]', { hasText: text })).toHaveCount(1);
    } finally {
      await context.close();
    }
  });

  test(`the room on ${path} explains an empty message in the page's language and sends nothing`, async ({ page }) => {
    await page.goto(path);
    const demo = page.locator('.sse-demo[data-demo="room"]');
    await demo.scrollIntoViewIfNeeded();
    await hydrated(demo);
    let posted = false;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/room')) posted = true;
    });
    const field = demo.getByRole('textbox', { name: message });
    await field.fill('   ');
    await field.press('Enter');
    await expect(demo.getByText(empty)).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toBeFocused();
    expect(posted).toBe(false);
  });
}

test('the room shows the reason and the wait when the server refuses for rate', async ({ page }) => {
  await page.route('**/api/room', (route) =>
    route.fulfill({ status: 429, headers: { 'Retry-After': '7', 'Content-Type': 'text/plain' }, body: 'Too many messages\n' }),
  );
  await page.goto('/servers/broadcasting/');
  const demo = page.locator('.sse-demo[data-demo="room"]');
  await demo.scrollIntoViewIfNeeded();
  await hydrated(demo);
  await demo.getByRole('textbox', { name: 'Message' }).fill('hello');
  await demo.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(demo.getByText('the room takes 10 in 10 seconds. Try again in 7 s.')).toBeVisible();
});

test('after a reset the room does not show again the messages already in its log', async ({ page }) => {
  const event = (id: string, text: string) => `id: ${id}\ndata: ${JSON.stringify({ name: 'A', text, at: '2026-11-22T05:00:00.000Z' })}\n\n`;
  const live = (replayed: number) => `event: live\ndata: {"replayed":${replayed}}\n\n`;
  const answers = [
    // The first visit: two messages of history, then the stream ends and the browser reconnects.
    `retry: 200\n\n${event('1-0', 'one')}${event('2-0', 'two')}${live(2)}`,
    // Its Last-Event-ID is no longer in the history: reset, then the whole history, which has one new message.
    `event: reset\nid:\ndata: {}\n\n${event('1-0', 'one')}${event('2-0', 'two')}${event('3-0', 'three')}${live(3)}`,
  ];
  let requests = 0;
  await page.route('**/api/sse/room', (route) => {
    const body = answers[requests++];
    // Then 204: the browser stops reconnecting, and the log stays as it is.
    return body === undefined ? route.fulfill({ status: 204 }) : route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream' }, body });
  });
  await page.goto('/servers/broadcasting/');
  const demo = page.locator('.sse-demo[data-demo="room"]');
  await demo.scrollIntoViewIfNeeded();
  await hydrated(demo);
  await demo.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(demo.locator('li[data-event-type="reset"]')).toHaveCount(1);
  await expect(demo.locator('li[data-event-type="live"]')).toHaveCount(2);
  const messages = demo.locator('li[data-event-type="message"]');
  await expect(messages).toHaveCount(3);
  await expect(messages.nth(2)).toContainText('three');
  await expect(demo.getByText('2 of these messages were already in the log above; they are not shown twice.')).toBeVisible();
});
