import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.ts';
import { eventRows, openPlayground, pasteStream, tab } from './playground-page.ts';

const languages = [
  {
    lang: 'en',
    path: '/playground/',
    tabs: { trace: 'Trace', events: 'Events', run: 'Run in this browser' },
    run: 'Run in this browser',
    copyLink: 'Copy link',
    insertCr: 'Insert CR',
    loadPreset: 'Load preset',
    same: 'No differences',
    different: 'Differences found',
    deviation: 'known Chromium deviation',
    unavailable: 'Not available here',
    oneEvent: '1 event,',
  },
  {
    lang: 'de',
    path: '/de/playground/',
    tabs: { trace: 'Trace', events: 'Events', run: 'Im Browser ausführen' },
    run: 'Im Browser ausführen',
    copyLink: 'Link kopieren',
    insertCr: 'CR einfügen',
    loadPreset: 'Vorlage laden',
    same: 'Keine Unterschiede',
    different: 'Unterschiede gefunden',
    deviation: 'bekannte Abweichung von Chromium',
    unavailable: 'Hier nicht verfügbar',
    oneEvent: '1 Event,',
  },
] as const;

for (const t of languages) {
  test.describe(`playground (${t.lang})`, () => {
    test('typing a stream shows its events, with CR inserted by the button', async ({ page }) => {
      await openPlayground(page, t.path);
      const content = page.locator('.pg .cm-content');
      await content.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.press('Delete');
      await page.keyboard.type('event: ping\ndata: hello\n\ndata: a');
      await page.getByRole('button', { name: t.insertCr, exact: true }).click();
      await page.keyboard.type('data: b');
      await page.getByRole('button', { name: t.insertCr, exact: true }).click();
      await page.getByRole('button', { name: t.insertCr, exact: true }).click();

      await tab(page, t.tabs.events).click();
      await expect(eventRows(page)).toHaveCount(2);
      await expect(eventRows(page).nth(0)).toHaveAttribute('data-event-type', 'ping');
      await expect(eventRows(page).nth(0).locator('td').nth(2)).toHaveText('hello');
      await expect(eventRows(page).nth(1)).toHaveAttribute('data-event-type', 'message');
      // Multi-line data is shown with its LF made visible.
      await expect(eventRows(page).nth(1).locator('td').nth(2)).toHaveText('aLF\nb');

      await tab(page, t.tabs.trace).click();
      const ends = page.locator('#pg-panel-trace tbody tr td:nth-child(3)');
      await expect(ends).toHaveText(['LF', 'LF', 'LF', 'CR', 'CR', 'CR']);
      await expect(page.locator('.pg__summary')).toContainText('2');
    });

    test('a preset URL loads its stream and explains it', async ({ page }) => {
      await openPlayground(page, `${t.path}?preset=retry-with-unit`);
      await expect(page.locator('.pg .cm-content')).toContainText('retry: 5s');
      await expect(page.locator('#pg-preset')).toHaveValue('retry-with-unit');
      const ignored = page.locator('#pg-panel-trace tr[data-action="retry-ignored-not-digits"]');
      await expect(ignored).toHaveCount(1);
      await expect(ignored).toContainText('5s');
      await expect(page.locator('.pg__summary')).toContainText(t.oneEvent);
      // Untouched, the preset keeps its short, stable address.
      expect(new URL(page.url()).search).toBe('?preset=retry-with-unit');

      // Loading another preset from the picker rewrites the address.
      await page.locator('#pg-preset').selectOption('field-names-case-sensitive');
      await page.getByRole('button', { name: t.loadPreset }).click();
      await expect(page.locator('#pg-panel-trace tr[data-action="unknown-field-ignored"]')).toHaveCount(3);
      await expect(page).toHaveURL(/\?preset=field-names-case-sensitive$/);
    });

    test('a copied link restores stream, chunking and view', async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await openPlayground(page, t.path);
      await pasteStream(page, '\uFEFFid: 7\r\ndata: <b>x</b>\r\rdata: ü\n\n');
      await tab(page, t.tabs.run).click();
      await page.locator('#pg-panel-run select').selectOption('every');
      await page.locator('#pg-panel-run input[type="number"]').first().fill('3');
      await page.getByRole('button', { name: t.copyLink }).click();
      await expect(page.locator('.pg__action-status')).not.toBeEmpty();
      const link = await page.evaluate(() => navigator.clipboard.readText());
      expect(link).toMatch(/\?s=[A-Za-z0-9_-]+$/);

      const copy = await context.newPage();
      await openPlayground(copy, link);
      await expect(tab(copy, t.tabs.run)).toHaveAttribute('aria-selected', 'true');
      await expect(copy.locator('#pg-panel-run select')).toHaveValue('every');
      await expect(copy.locator('#pg-panel-run input[type="number"]').first()).toHaveValue('3');
      await tab(copy, t.tabs.events).click();
      await expect(eventRows(copy)).toHaveCount(2);
      await expect(eventRows(copy).nth(0).locator('td').nth(2)).toHaveText('<b>x</b>');
      await expect(eventRows(copy).nth(0).locator('td').nth(3)).toHaveText('7');
      await expect(eventRows(copy).nth(1).locator('td').nth(2)).toHaveText('ü');
      await tab(copy, t.tabs.trace).click();
      await expect(copy.locator('#pg-panel-trace tbody tr td:nth-child(3)')).toHaveText(['none', 'CRLF', 'CR', 'CR', 'LF', 'LF'].map((end) => (end === 'none' && t.lang === 'de' ? 'nichts' : end)));
    });

    test('runs the stream in this browser and shows native and parsed events side by side', async ({ page }) => {
      await openPlayground(page, `${t.path}?preset=mixed-line-ends`);
      await tab(page, t.tabs.run).click();
      // One byte per chunk, so every CRLF is split between two chunks too.
      await page.locator('#pg-panel-run select').selectOption('bytes');
      const run = page.getByRole('button', { name: t.run, exact: true });
      await expect(run).toBeEnabled();
      await run.click();
      await expect(page.locator('.pg-run__verdict')).toContainText(t.same, { timeout: 15_000 });
      const rows = page.locator('.pg-table--compare tbody tr');
      await expect(rows).toHaveCount(2);
      await expect(page.locator('.pg-table--compare tr[data-diff]')).toHaveCount(0);
      await expect(rows.nth(0)).toContainText('a');
    });

    test('explains a difference that is a known Chromium deviation', async ({ page }) => {
      await openPlayground(page, `${t.path}?preset=bom-then-line-end`);
      await tab(page, t.tabs.run).click();
      await page.getByRole('button', { name: t.run, exact: true }).click();
      await expect(page.locator('.pg-run__verdict')).toContainText(t.different, { timeout: 15_000 });
      await expect(page.locator('.pg-table--compare tr[data-diff="true"]')).toHaveCount(1);
      await expect(page.locator('.pg-run__explanation')).toHaveAttribute('data-deviation', 'bom-line-end');
      await expect(page.locator('.pg-run__explanation')).toContainText(t.deviation);
    });

    test('pasted markup is shown as text and never runs', async ({ page }) => {
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await openPlayground(page, t.path);
      const markup = '<img src=x onerror=alert(1)>';
      await pasteStream(page, `${markup}\nevent: ${markup}\ndata: ${markup}\nid: ${markup}\n\n`);
      await tab(page, t.tabs.events).click();
      await expect(eventRows(page)).toHaveCount(1);
      await expect(eventRows(page).first().locator('td').nth(2)).toHaveText(markup);
      await tab(page, t.tabs.trace).click();
      await expect(page.locator('#pg-panel-trace')).toContainText(markup);
      await expect(page.locator('.pg .cm-content')).toContainText(markup);
      await page.waitForTimeout(300);
      // CodeMirror's own cursor helpers (img.cm-widgetBuffer) are the only images allowed.
      await expect(page.locator('.pg img:not(.cm-widgetBuffer)')).toHaveCount(0);
      await expect(page.locator('.pg img[src], .pg [onerror]')).toHaveCount(0);
      expect(dialogs).toEqual([]);
    });

    test('the run button explains itself when the endpoint is unreachable', async ({ page }) => {
      await page.route('**/api/**', (route) => route.abort());
      await openPlayground(page, t.path);
      await tab(page, t.tabs.run).click();
      const run = page.getByRole('button', { name: t.run, exact: true });
      await expect(page.locator('#pg-run-availability')).toContainText(t.unavailable);
      await expect(run).toBeDisabled();
      await expect(run).toHaveAttribute('aria-describedby', /pg-run-availability/);
      // Everything else keeps working.
      await pasteStream(page, 'data: offline\n\n');
      await tab(page, t.tabs.events).click();
      await expect(eventRows(page)).toHaveCount(1);
    });
  });
}

test("the run names the server's refusal by its status, in the page's words", async ({ page }) => {
  const refusal = 'Too many echo requests: the rate limit is 30 per minute per client; try again in 12 s.';
  await page.route('**/api/sse/echo', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 429, contentType: 'text/plain; charset=utf-8', headers: { 'Retry-After': '12' }, body: `${refusal}\n` })
      : route.continue(),
  );
  await openPlayground(page, '/playground/');
  await tab(page, 'Run in this browser').click();
  await page.getByRole('button', { name: 'Run in this browser', exact: true }).click();
  await expect(page.locator('.pg-run__status')).toHaveText(
    'The server refused the stream (HTTP 429): this address has started as many runs as the echo endpoint takes in a minute (30). It asks to try again in 12 s.',
  );
});

test('exports every event as JSON, beyond the ones on screen', async ({ page }) => {
  await openPlayground(page, '/de/playground/');
  const stream = Array.from({ length: 600 }, (_, i) => `id: ${i}\ndata: <${i}>\n\n`).join('');
  await pasteStream(page, stream);
  await expect(page.locator('.pg__summary')).toContainText('600 Events');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Events als JSON exportieren' }).click()]);
  expect(download.suggestedFilename()).toBe('sse-playground-events.json');
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(exported).toHaveLength(600);
  expect(exported[599]).toEqual({ type: 'message', data: '<599>', lastEventId: '599' });
});

test('parses in-thread when the browser has no Worker', async ({ page }) => {
  await page.addInitScript(() => {
    // Simulates a browser without module workers.
    Reflect.deleteProperty(window, 'Worker');
  });
  await openPlayground(page, '/playground/');
  await pasteStream(page, 'event: a\ndata: 1\n\nevent: b\ndata: 2\n\n');
  await tab(page, 'Events').click();
  await expect(eventRows(page)).toHaveCount(2);
  await expect(eventRows(page).nth(1)).toHaveAttribute('data-event-type', 'b');
});

test('the playground works by keyboard', async ({ page }) => {
  await openPlayground(page, '/playground/');
  // Tab leaves the editor (it does not trap focus by inserting a tab).
  await page.locator('.pg .cm-content').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('.pg .cm-content')).not.toBeFocused();

  // The tables keep their names (from the caption) and headers for assistive technology.
  const trace = page.getByRole('table', { name: 'What the parser did with each line' });
  await expect(trace).toBeVisible();
  await expect(trace.getByRole('columnheader', { name: 'What happened' })).toBeVisible();
  await expect(trace.getByRole('row')).toHaveCount(9); // header + 8 lines of the default stream
  await expect(trace.getByRole('row').nth(1).getByRole('cell').nth(5)).toHaveText('Comment: the line starts with a colon, so it is ignored.');

  // The result views are tabs: arrow keys move between them.
  await tab(page, 'Trace').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab(page, 'Events')).toBeFocused();
  await expect(tab(page, 'Events')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#pg-panel-events')).toBeVisible();
  await page.keyboard.press('End');
  await expect(tab(page, 'Run in this browser')).toBeFocused();

  // The builder's Append goes through the serializer and into the editor.
  await page.getByLabel('Event type (event)').fill('note');
  await page.getByLabel('ID (id)').fill('9');
  await page.getByLabel('Data (each line becomes a data: line)').fill('one\ntwo');
  await expect(page.locator('#pg-builder-error')).toBeEmpty();
  // What the serializer refuses, it refuses in its own words, and Append waits.
  await page.getByLabel('Reconnection time in ms (retry)').fill('-5');
  await expect(page.locator('#pg-builder-error')).toContainText('Cannot build this event: The "retry" field must be a non-negative integer');
  await expect(page.getByRole('button', { name: 'Append to stream' })).toBeDisabled();
  await page.getByLabel('Reconnection time in ms (retry)').fill('5s');
  await expect(page.locator('#pg-builder-error')).toContainText('“5s” is not a number');
  await page.getByLabel('Reconnection time in ms (retry)').fill('');
  // From the data field, Tab passes the (scrollable) wire-text preview, then reaches Append.
  await page.getByLabel('Data (each line becomes a data: line)').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Append to stream' })).toBeFocused();
  await page.keyboard.press('Enter');
  await tab(page, 'Events').click();
  await expect(eventRows(page).last()).toHaveAttribute('data-event-type', 'note');
  await expect(eventRows(page).last().locator('td').nth(2)).toHaveText('oneLF\ntwo');
  await expect(eventRows(page).last().locator('td').nth(3)).toHaveText('9');
});

for (const theme of ['dark', 'light'] as const) {
  test(`the playground's views have no accessibility violations in the ${theme} theme`, async ({ page }) => {
    await page.addInitScript((chosen) => localStorage.setItem('starlight-theme', chosen), theme);
    await openPlayground(page, '/de/playground/?preset=bom-then-line-end');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const check = async (state: string) => {
      const results = await new AxeBuilder({ page }).include('.pg').analyze();
      expect({ state, violations: results.violations.map(({ id, nodes }) => ({ id, targets: nodes.map((node) => node.target) })) }).toEqual({
        state,
        violations: [],
      });
    };
    // A builder error and the trace with dispatch and ignored rows.
    await page.getByLabel('Reconnection-Zeit in ms (retry)').fill('5s');
    await check('trace');
    await tab(page, 'Events').click();
    await check('events');
    await tab(page, 'Im Browser ausführen').click();
    await page.getByRole('button', { name: 'Im Browser ausführen', exact: true }).click();
    await expect(page.locator('.pg-run__explanation')).toBeVisible({ timeout: 15_000 });
    await check('run with differences');
  });
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`hydrating a restored state shifts no layout at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // A preset with a long note, shown in another view than the server rendered.
    await openPlayground(page, '/de/playground/?preset=json-without-data-prefix');
    await tab(page, 'Events').click();
    await expect(page).toHaveURL(/\?s=/);
    const link = page.url();
    await openPlayground(page, link);
    await expect(tab(page, 'Events')).toHaveAttribute('aria-selected', 'true');
    await page.waitForTimeout(500);
    const total = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts.reduce((sum, value) => sum + value, 0));
    expect(total).toBeLessThan(0.01);
  });
}
