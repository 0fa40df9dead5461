import type { Locator } from '@playwright/test';
import { openPlayground, pasteStream, tab } from './playground-page.ts';
import { demo, expect, islandsHydrated, test } from './fixtures.ts';

/**
 * What a first-time reader met on the demos, the playground, the language
 * switch and the search, each kept from coming back: a tab held by the
 * connection limit, English server reasons on German pages, answers that were
 * not the endpoint's taken for a missing server, controls that looked alive
 * before hydration, clocks that let an event arrive before it was sent,
 * panes that jump or cut their text.
 */

const languages = [
  { lang: 'en', demos: '/demos/', start: 'Start', openStream: 'Open a stream', closeAll: 'Close all', resume: 'Open with this ID', run: 'Run the labs', table: 'Table' },
  { lang: 'de', demos: '/de/demos/', start: 'Starten', openStream: 'Stream öffnen', closeAll: 'Alle schließen', resume: 'Mit dieser ID öffnen', run: 'Starten', table: 'Tabelle' },
] as const;

/** How far a pane's content reaches beyond its box, sideways (0 when nothing is cut or scrolled). */
const overflowX = (pane: Locator): Promise<number> => pane.evaluate((element) => element.scrollWidth - element.clientWidth);

/** The panes' height now. */
const paneHeight = async (figure: Locator): Promise<number> => (await figure.locator('.sse-demo__panes').boundingBox())!.height;

/**
 * Records the panes' height from now on, at every change of their size: a
 * ResizeObserver reports each layout in which it changed, so no jump slips
 * between samples. The first entry is the height when recording starts.
 */
async function recordPaneHeights(figure: Locator): Promise<() => Promise<number[]>> {
  const panes = figure.locator('.sse-demo__panes');
  await panes.evaluate((element: Element & { heights?: number[] }) => {
    const heights: number[] = [];
    element.heights = heights;
    new ResizeObserver(() => heights.push(element.getBoundingClientRect().height)).observe(element, { box: 'border-box' });
  });
  await expect.poll(() => panes.evaluate((element: Element & { heights?: number[] }) => element.heights!.length)).toBeGreaterThan(0);
  return async () => [...(await panes.evaluate((element: Element & { heights?: number[] }) => element.heights!)), await paneHeight(figure)];
}

test('with six streams open, a sidebar link still leaves the page at once', async ({ page }) => {
  await page.goto('/demos/');
  const figure = await demo(page, 'connection-limit');
  const warning = figure.locator('.sse-demo__limit-warning');
  await expect(warning).toContainText('Close all');
  const open = figure.getByRole('button', { name: 'Open a stream' });
  for (let i = 1; i <= 6; i++) {
    await open.click();
    await expect(figure.locator(`[data-slot="${i}"]`)).toHaveAttribute('data-state', 'OPEN');
    // Marked from the fifth on: the next stream takes the last connection.
    if (i === 5) await expect(warning).toHaveAttribute('data-active', '');
  }
  const startedAt = Date.now();
  await page.locator('#starlight__sidebar a[href="/playground/"]').click();
  await page.waitForURL('**/playground/', { timeout: 5000 });
  await expect(page.locator('h1')).toBeVisible({ timeout: 5000 });
  expect(Date.now() - startedAt).toBeLessThan(5000);
});

test('the eighth "Open a stream" by keyboard keeps the focus on the button', async ({ page }) => {
  await page.goto('/demos/');
  const figure = await demo(page, 'connection-limit');
  const open = figure.getByRole('button', { name: 'Open a stream' });
  await open.focus();
  for (let i = 1; i <= 8; i++) {
    await page.keyboard.press('Enter');
    await expect(figure.locator('[data-slot]:not([data-state="none"])')).toHaveCount(i);
  }
  await expect(open).toBeFocused();
  await expect(open).toHaveAttribute('aria-disabled', 'true');
  // A ninth press opens nothing.
  await page.keyboard.press('Enter');
  await expect(figure.locator('[data-slot]:not([data-state="none"])')).toHaveCount(8);
  await figure.getByRole('button', { name: 'Close all' }).click();
});

for (const t of languages) {
  test.describe(`on ${t.demos}`, () => {
    test('after "Close all" the state is CLOSED, as the note says', async ({ page }) => {
      await page.goto(t.demos);
      const figure = await demo(page, 'connection-limit');
      await figure.getByRole('button', { name: t.openStream }).click();
      await expect(figure.locator('[data-slot="1"]')).toHaveAttribute('data-state', 'OPEN');
      await figure.getByRole('button', { name: t.closeAll }).click();
      await expect(figure.locator('.sse-demo__state')).toHaveText('CLOSED');
      await expect(figure.locator('.sse-demo__notice')).toContainText('close()');
    });

    test("the counter's default resume ID gets a reset, as the explainer promises", async ({ page }) => {
      await page.goto(t.demos);
      const figure = await demo(page, 'counter');
      const before = await paneHeight(figure);
      await figure.getByRole('button', { name: t.resume }).click();
      await expect(figure.locator('li[data-tag="reset"]')).toHaveCount(1, { timeout: 8000 });
      await expect(figure.locator('li[data-tag="replayed"]')).toHaveCount(0);
      // The reset's note fits the status line's room: the panes keep their height.
      expect(await paneHeight(figure)).toBe(before);
      await figure.getByRole('button', { name: t.start === 'Start' ? 'Stop' : 'Stoppen', exact: true }).click();
    });

    test('the retry, clock and progress panes keep their height before, while and after they run', async ({ page }) => {
      test.setTimeout(90_000);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(t.demos);
        // The three run side by side, each watched from before its start to after its end.
        const retry = await demo(page, 'retry');
        await retry.getByRole('spinbutton').fill('500');
        const figures = { retry, clock: await demo(page, 'clock'), progress: await demo(page, 'progress') };
        const watched: Array<{ name: string; heights: () => Promise<number[]> }> = [];
        for (const [name, figure] of Object.entries(figures)) watched.push({ name, heights: await recordPaneHeights(figure) });
        for (const figure of Object.values(figures)) await figure.locator('.sse-demo__controls button.sse-demo__button').first().click();
        // Three events a response, 500 ms between responses: reconnects, their notes and the growing
        // line of delays; the clock and the progress run to their end (CLOSED).
        await expect(retry.locator('[data-delays]')).toContainText(/ms · \d+ ms/, { timeout: 20_000 });
        await expect(figures.clock.locator('.sse-demo__state')).toHaveText('CLOSED', { timeout: 20_000 });
        await expect(figures.progress.locator('.sse-demo__state')).toHaveText('CLOSED', { timeout: 20_000 });
        await retry.locator('.sse-demo__controls button.sse-demo__button').first().click();
        await expect(retry.locator('.sse-demo__state')).toHaveText('CLOSED');
        for (const { name, heights } of watched) {
          const all = await heights();
          expect(new Set(all), `${name} at ${width}: ${all.join(', ')}`).toEqual(new Set([all[0]]));
        }
      }
    });

    test('no demo pane cuts its text or scrolls sideways, at 1280 and 375 px', async ({ page }) => {
      test.setTimeout(60_000);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(t.demos);
        const clock = await demo(page, 'clock');
        await clock.locator('.sse-demo__controls button.sse-demo__button').first().click();
        const named = await demo(page, 'named-events');
        await named.locator('.sse-demo__controls button.sse-demo__button').first().click();
        const room = await demo(page, 'room');
        // A long message without a space: its wire line is longer than any pane.
        await room.locator('.sse-room__text').fill(`long-${'x'.repeat(200)}`);
        await room.locator('button[type="submit"]').click();
        await expect(room.locator('.sse-demo__wire')).toContainText('xxxxxxxx', { timeout: 8000 });
        await expect(clock.locator('li[data-event-type="tick"]')).toHaveCount(3, { timeout: 8000 });
        for (const figure of [clock, named, room]) {
          for (const pane of await figure.locator('.sse-demo__log, .sse-demo__wire, .sse-demo__code').all()) {
            expect(await overflowX(pane), `${await figure.getAttribute('data-demo')} at ${width}`).toBeLessThanOrEqual(0);
          }
        }
        await named.locator('.sse-demo__controls button.sse-demo__button').first().click();
      }
    });

    test("the failure lab's table at 375 px shows its whole caption and a cue for the columns beyond the edge", async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(t.demos);
      const figure = await demo(page, 'lab');
      await figure.getByRole('button', { name: t.table }).click();
      const title = figure.locator('.sse-lab__table-title');
      await expect(title).toBeVisible();
      const box = figure.locator('.sse-lab__table-box');
      const [titleRight, boxRight] = await Promise.all([title.evaluate((e) => e.getBoundingClientRect().right), box.evaluate((e) => e.getBoundingClientRect().right)]);
      expect(titleRight).toBeLessThanOrEqual(boxRight + 0.5);
      expect(await title.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
      // The table is wider than the box: the box scrolls and draws a shadow at the edge that hides columns.
      expect(await overflowX(box)).toBeGreaterThan(0);
      expect(await box.evaluate((e) => getComputedStyle(e).backgroundImage)).toContain('radial-gradient');
      await expect(figure.getByRole('table')).toHaveAccessibleName(((await title.textContent()) ?? '').trim());
    });

    test("the lab's status names the state of each of its three streams", async ({ page }) => {
      await page.goto(t.demos);
      const figure = await demo(page, 'lab');
      await figure.getByRole('button', { name: t.run, exact: true }).click();
      const notice = figure.locator('.sse-demo__notice');
      const [direct, proxy] = t.lang === 'en' ? ['direct', 'proxy buffer'] : ['direkt', 'Proxy-Puffer'];
      await expect(notice).toHaveText(` · ${direct}: OPEN · ${proxy}: OPEN · gzip: OPEN`);
      await expect(figure.locator('.sse-demo__state')).toHaveText('CLOSED', { timeout: 10_000 });
      await expect(notice).toHaveText(` · ${direct}: CLOSED · ${proxy}: CLOSED · gzip: CLOSED`);
    });

    test('a refusal reads in the page language, with the status, whatever the server wrote', async ({ page }) => {
      await page.goto(t.demos);
      const counter = await demo(page, 'counter');
      await counter.getByRole('textbox').fill('abc');
      await counter.getByRole('button', { name: t.resume }).click();
      const status = counter.getByRole('status');
      await expect(status).toContainText(t.lang === 'en' ? 'refused the stream with 400: Last-Event-ID "abc" is not an event ID' : 'mit 400 abgelehnt: Last-Event-ID „abc“ ist keine Event-ID');
      if (t.lang === 'de') await expect(status).not.toContainText('is not an event ID');

      // A status the page has no words of its own for: named, and the English reason left out.
      await page.route('**/api/sse/clock**', (route) =>
        route.fulfill({ status: 418, contentType: 'text/plain; charset=utf-8', headers: { 'Retry-After': '7' }, body: 'I am a teapot in English.\n' }),
      );
      const clock = await demo(page, 'clock');
      await clock.locator('.sse-demo__controls button.sse-demo__button').first().click();
      await expect(clock.getByRole('status')).toContainText('418');
      await expect(clock.getByRole('status')).toContainText('7 s');
      await expect(clock.getByRole('status')).not.toContainText('teapot');
    });

    test('a 502 or an HTML page where the stream should be is named as what it is', async ({ page }) => {
      await page.route('**/api/sse/clock**', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }));
      await page.route('**/api/sse/progress**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>static</p>' }));
      await page.goto(t.demos);
      const clock = await demo(page, 'clock');
      await clock.locator('.sse-demo__controls button.sse-demo__button').first().click();
      await expect(clock.getByRole('status')).toContainText('502 (text/html)');
      await expect(clock.getByRole('status')).not.toContainText(t.lang === 'en' ? 'static copy' : 'statische Kopie');
      const progress = await demo(page, 'progress');
      await progress.locator('.sse-demo__controls button.sse-demo__button').first().click();
      await expect(progress.getByRole('status')).toContainText('200 (text/html)');
    });
  });
}

test('demo controls are inactive until their island has hydrated, and active after', async ({ page }) => {
  // Without the islands' scripts the page stays as the server rendered it.
  await page.route(/\/_astro\/.*\.js$/, (route) => route.abort());
  await page.goto('/demos/');
  const clock = page.locator('.sse-demo[data-demo="clock"]');
  await expect(clock.getByRole('button', { name: 'Start', exact: true })).toBeDisabled();
  const counter = page.locator('.sse-demo[data-demo="counter"]');
  await expect(counter.getByRole('textbox')).toBeDisabled();
  await expect(counter.getByRole('button', { name: 'Open with this ID' })).toBeDisabled();

  await page.unroute(/\/_astro\/.*\.js$/);
  await page.goto('/demos/');
  await demo(page, 'counter');
  await expect(counter.getByRole('textbox')).toBeEnabled();
  await counter.getByRole('textbox').fill('12');
  await expect(counter.getByRole('textbox')).toHaveValue('12');
  const hydratedClock = await demo(page, 'clock');
  await expect(hydratedClock.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
});

test('the failure lab never shows an event arriving before it was sent, even when the page is busy as the streams open', async ({ page }) => {
  await page.goto('/demos/');
  const figure = await demo(page, 'lab');
  await figure.getByRole('button', { name: 'Run the labs', exact: true }).click();
  // Hold the main thread while the three streams connect: their open events run late.
  await page.evaluate(() => {
    const until = performance.now() + 400;
    while (performance.now() < until);
  });
  const direct = figure.locator('table td[data-mode="direct"][data-arrived-ms]');
  await expect(direct).toHaveCount(12, { timeout: 10_000 });
  const rows = await figure.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      sent: Number(tr.querySelector('td[data-mode="direct"][data-sent-ms]')?.getAttribute('data-sent-ms')),
      arrived: Number(tr.querySelector('td[data-mode="direct"][data-arrived-ms]')?.getAttribute('data-arrived-ms')),
    })),
  );
  expect(rows).toHaveLength(12);
  // arrived is rounded to whole ms, sent to a tenth.
  for (const { sent, arrived } of rows) expect(arrived, JSON.stringify(rows)).toBeGreaterThanOrEqual(sent - 0.5);
});

test('the German named-events demo shows German event texts', async ({ page }) => {
  test.setTimeout(45_000);
  await page.goto('/de/demos/');
  const figure = await demo(page, 'named-events');
  await figure.getByRole('button', { name: 'Starten', exact: true }).click();
  const unnamed = figure.locator('li[data-event-type="message"]').first();
  await expect(unnamed).toContainText(/Nachricht \d+ hat kein event-Feld/, { timeout: 30_000 });
  await expect(figure.locator('.sse-demo__log')).not.toContainText('has no event field');
  await expect(figure.locator('.sse-demo__wire')).not.toContainText('passed');
  await figure.getByRole('button', { name: 'Stoppen', exact: true }).click();
});

for (const { from, select, anchor, expected, heading } of [
  { from: '/infrastructure/nginx/', select: 'Deutsch', anchor: 'the-configs', expected: '/de/infrastructure/nginx/#die-konfigurationen', heading: 'Die Konfigurationen' },
  { from: '/de/infrastructure/nginx/', select: 'English', anchor: 'die-konfigurationen', expected: '/infrastructure/nginx/#the-configs', heading: 'The configs' },
]) {
  test(`the language switch on ${from}#${anchor} lands on the same section`, async ({ page }) => {
    await page.goto(`${from}#${anchor}`);
    await page.locator('starlight-lang-select select').first().selectOption({ label: select });
    await page.waitForURL(`**${expected}`);
    const target = page.locator(`[id="${decodeURIComponent(expected.split('#')[1]!)}"]`);
    await expect(target).toHaveText(heading);
    await expect(target).toBeInViewport();
  });
}

test.describe('the playground', () => {
  test('after Clear and typing, neither the note nor the picker names the old preset', async ({ page }) => {
    await openPlayground(page, '/playground/');
    await expect(page.locator('.pg__preset-note')).toContainText('Overview');
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.keyboard.type('data: mine\n\n');
    await expect(page.locator('.pg__summary')).toContainText('1 event');
    await expect(page.locator('.pg__preset-note')).toHaveText('');
    await expect(page.locator('#pg-preset')).toHaveValue('');
    await expect(page.locator('#pg-preset option:checked')).toHaveText('(your own stream)');
  });

  test('the German playground loads a preset with German data, and keeps its short address', async ({ page }) => {
    await openPlayground(page, '/de/playground/?preset=retry-with-unit');
    await expect(page.locator('.pg .cm-content')).toContainText('data: retry wurde ignoriert');
    await expect(page.locator('.pg .cm-content')).not.toContainText('was ignored');
    await expect(page.locator('.pg__preset-note')).not.toContainText('(bearbeitet)');
    expect(new URL(page.url()).search).toBe('?preset=retry-with-unit');
  });

  for (const { width, url } of [
    { width: 1280, url: '/playground/' },
    { width: 1280, url: '/de/playground/' },
    { width: 375, url: '/playground/?preset=retry-with-unit' },
    { width: 375, url: '/de/playground/?preset=retry-with-unit' },
  ]) {
    test(`the trace on ${url} breaks no word in the middle at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await openPlayground(page, url);
      await expect(page.locator('#pg-panel-trace tbody tr')).not.toHaveCount(0);
      const split = await page.locator('#pg-panel-trace tbody td').evaluateAll((cells) => {
        const broken: string[] = [];
        for (const cell of cells) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of (node.textContent ?? '').matchAll(/[\p{L}\p{N}]+/gu)) {
              const range = document.createRange();
              range.setStart(node, match.index);
              range.setEnd(node, match.index + match[0].length);
              const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
              if (tops.size > 1) broken.push(match[0]);
            }
          }
        }
        return broken;
      });
      expect(split).toEqual([]);
    });
  }

  for (const t of [
    { path: '/playground/', run: 'Run in this browser', unreachable: 'Could not reach /api/sse/echo', server: 'npm start', browserWords: 'Failed to fetch' },
    { path: '/de/playground/', run: 'Im Browser ausführen', unreachable: '/api/sse/echo ist nicht erreichbar', server: 'npm start', browserWords: 'Failed to fetch' },
  ]) {
    test(`a run on ${t.path} whose echo cannot be reached says so in the page language and names the site's server`, async ({ page }) => {
      await page.route('**/api/sse/echo', (route) => route.abort('connectionrefused'));
      await openPlayground(page, t.path);
      await tab(page, t.run).click();
      await page.getByRole('button', { name: t.run, exact: true }).click();
      const status = page.locator('.pg-run__status');
      await expect(status).toContainText(t.unreachable);
      await expect(status).toContainText(t.server);
      await expect(status).not.toContainText(t.browserWords);
    });

    test(`on ${t.path}, a status probe answered by an HTML page is named as that`, async ({ page }) => {
      await page.route('**/api/status', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>a static host</p>' }));
      await openPlayground(page, t.path);
      await tab(page, t.run).click();
      await expect(page.locator('#pg-run-availability')).toContainText('200 (text/html)');
    });
  }

  test('a refusal of the echo reads in German on the German page', async ({ page }) => {
    await page.route('**/api/sse/echo', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 429, contentType: 'text/plain; charset=utf-8', headers: { 'Retry-After': '12' }, body: 'Too many echo requests.\n' })
        : route.continue(),
    );
    await openPlayground(page, '/de/playground/');
    await tab(page, 'Im Browser ausführen').click();
    await pasteStream(page, 'data: x\n\n');
    await page.getByRole('button', { name: 'Im Browser ausführen', exact: true }).click();
    await expect(page.locator('.pg-run__status')).toHaveText(
      'Der Server hat den Stream abgelehnt (HTTP 429): Deine Adresse hat schon so viele Läufe gestartet, wie der Echo-Endpoint pro Minute annimmt (30). Er bittet, es in 12 s erneut zu versuchen.',
    );
  });
});

for (const { home, label } of [
  { home: '/', label: 'Terminal window' },
  { home: '/de/', label: 'Terminal-Fenster' },
]) {
  test(`search excerpts on ${home} quote the command, not the code frame's label "${label}"`, async ({ page }) => {
    await page.goto(home);
    await islandsHydrated(page);
    await page.locator('site-search button[data-open-modal]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('.pagefind-ui__search-input').fill('sudo nginx');
    const excerpts = dialog.locator('.pagefind-ui__result-excerpt');
    await expect(excerpts.first()).toBeVisible();
    await expect(excerpts.filter({ hasText: 'sudo' }).first()).toBeVisible();
    for (const excerpt of await excerpts.allTextContents()) expect(excerpt).not.toContain(label);
  });
}
