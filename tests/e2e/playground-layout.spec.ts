import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { openPlayground, pasteStream, tab } from './playground-page.ts';

/*
 * How the playground looks and behaves at a desktop and a phone width, in
 * both languages: tables whose headers label their columns, results that use
 * the page, a run that ends in words a reader takes for success, focus that
 * stays where the keyboard was, a builder that builds nothing from nothing,
 * and toolbars that wrap whole buttons.
 */

const languages = [
  {
    lang: 'en',
    path: '/playground/',
    run: 'Run in this browser',
    finished: 'The replay finished',
    finishedSummary: 'How the browser saw the end of the stream',
    builderEmpty: 'Fill in at least one field',
    append: 'Append to stream',
    event: 'Event type (event)',
    id: 'ID (id)',
    retry: 'Reconnection time in ms (retry)',
    clear: 'Clear',
    linkNote: 'too long for a link',
  },
  {
    lang: 'de',
    path: '/de/playground/',
    run: 'Im Browser ausführen',
    finished: 'Die Wiedergabe ist fertig',
    finishedSummary: 'Wie der Browser das Ende des Streams erlebt hat',
    builderEmpty: 'Füll mindestens ein Feld aus',
    append: 'An den Stream anhängen',
    event: 'Event-Typ (event)',
    id: 'ID (id)',
    retry: 'Reconnection-Zeit in ms (retry)',
    clear: 'Leeren',
    linkNote: 'zu lang für einen Link',
  },
] as const;

const widths = [
  { width: 1280, height: 900 },
  { width: 375, height: 812 },
] as const;

/**
 * What is wrong with a result table's header: cells not on one row, not as
 * wide as their column, or with text running out of the cell. In the one
 * narrow layout without a header row (the trace as cards, on a phone), the
 * header is there for assistive technology only, and every labelled cell
 * must show its label instead. An empty list means the table is fine.
 */
async function headerProblems(table: Locator): Promise<string[]> {
  return table.evaluate((element) => {
    const problems: string[] = [];
    const overflows = (cell: Element): boolean => {
      if (cell.scrollWidth > cell.clientWidth) return true;
      const box = cell.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(cell);
      return [...range.getClientRects()].some((rect) => rect.right > box.right + 0.5 || rect.left < box.left - 0.5);
    };
    const headers = [...element.querySelectorAll('thead th')];
    const headRow = element.querySelector('thead')!.getBoundingClientRect();
    const rows = [...element.querySelectorAll('tbody tr')].filter((row) => row.children.length === headers.length);
    if (rows.length === 0) problems.push('no body rows to compare with');

    if (headRow.width <= 1 && headRow.height <= 1) {
      // Cards: the header is visually hidden, so each labelled cell names its column.
      for (const row of rows) {
        [...row.children].forEach((cell, index) => {
          const label = cell.getAttribute('data-label');
          if (label === null || cell.textContent === '') return;
          if (label !== headers[index]!.textContent) problems.push(`cell ${index + 1} is labelled "${label}", its column "${headers[index]!.textContent}"`);
          const shown = getComputedStyle(cell, '::before').content;
          if (!shown.includes(label)) problems.push(`cell "${cell.textContent}" does not show its label "${label}" (shows ${shown})`);
          if (overflows(cell)) problems.push(`cell "${cell.textContent}" is clipped`);
        });
      }
      return problems;
    }

    const top = headers[0]!.getBoundingClientRect().top;
    for (const header of headers) {
      const box = header.getBoundingClientRect();
      if (Math.abs(box.top - top) > 1) problems.push(`header "${header.textContent}" is on another row than "${headers[0]!.textContent}"`);
      if (overflows(header)) problems.push(`header "${header.textContent}" is clipped`);
    }
    for (const row of rows) {
      [...row.children].forEach((cell, index) => {
        const box = cell.getBoundingClientRect();
        const head = headers[index]!.getBoundingClientRect();
        if (Math.abs(box.left - head.left) > 1 || Math.abs(box.right - head.right) > 1) {
          problems.push(`cell ${index + 1} (${box.left.toFixed(0)}–${box.right.toFixed(0)}) is not under "${headers[index]!.textContent}" (${head.left.toFixed(0)}–${head.right.toFixed(0)})`);
        }
      });
    }
    return problems;
  });
}

async function runToTheEnd(page: Page, run: string): Promise<void> {
  await tab(page, run).click();
  const button = page.getByRole('button', { name: run, exact: true });
  await expect(button).toBeEnabled();
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.pg-run__verdict')).toBeVisible({ timeout: 15_000 });
}

for (const t of languages) {
  for (const viewport of widths) {
    test.describe(`playground (${t.lang}, ${viewport.width} px)`, () => {
      test.use({ viewport });

      test('every result table has its headers over its columns, none clipped', async ({ page }) => {
        // A preset whose trace has fields, values and every kind of row, and whose run differs.
        await openPlayground(page, `${t.path}?preset=bom-then-line-end`);
        await pasteStream(page, '\uFEFF\ndata: a\nretry: 5s\nevent: ping\nid: 7\n\n');
        await expect(page.locator('#pg-panel-trace tbody tr')).toHaveCount(7);
        expect(await headerProblems(page.locator('.pg-table--trace'))).toEqual([]);
        await tab(page, 'Events').click();
        expect(await headerProblems(page.locator('.pg-table--events'))).toEqual([]);
        await runToTheEnd(page, t.run);
        expect(await headerProblems(page.locator('.pg-table--compare'))).toEqual([]);
      });

      test('the results grow with the page instead of scrolling in a box of their own', async ({ page }) => {
        await openPlayground(page, `${t.path}?preset=mixed-line-ends`);
        await runToTheEnd(page, t.run);
        const table = page.locator('.pg-table--compare');
        await expect(table.locator('tbody tr')).toHaveCount(2);
        const boxes = await table.evaluate((element) => {
          const found: string[] = [];
          for (let node = element.parentElement; node !== null && !node.classList.contains('pg'); node = node.parentElement) {
            const style = getComputedStyle(node);
            if (/auto|scroll|hidden/.test(style.overflowY) || node.scrollHeight > node.clientHeight + 1) found.push(`${node.className}: overflow-y ${style.overflowY}, height ${style.height}`);
          }
          return found;
        });
        expect(boxes).toEqual([]);
      });

      test('Enter on Run keeps the focus on the button and reports a finished replay as such', async ({ page }) => {
        await openPlayground(page, `${t.path}?preset=mixed-line-ends`);
        await runToTheEnd(page, t.run);
        await expect(page.getByRole('button', { name: t.run, exact: true })).toBeFocused();
        // The polite status says the replay finished; EventSource's own account waits in a disclosure.
        const status = page.locator('.pg-run__status');
        await expect(status).toHaveAttribute('role', 'status');
        await expect(status).toContainText(t.finished);
        await expect(status).not.toContainText('error');
        const details = page.locator('.pg-run__details');
        await expect(details).not.toHaveAttribute('open');
        await expect(details.getByText('CONNECTING')).toBeHidden();
        await details.getByText(t.finishedSummary).click();
        await expect(details.getByText('CONNECTING')).toBeVisible();
      });

      test('an empty builder previews nothing and explains why Append is off', async ({ page }) => {
        await openPlayground(page, t.path);
        const preview = page.locator('.pg-builder__preview');
        const append = page.getByRole('button', { name: t.append });
        await expect(preview).not.toContainText('data:');
        await expect(preview).toContainText(t.builderEmpty);
        await expect(append).toBeDisabled();
        await expect(append).toHaveAccessibleDescription(new RegExp(t.builderEmpty));

        // Single-line fields are single-line inputs.
        for (const label of [t.event, t.id, t.retry]) {
          expect(await page.getByLabel(label, { exact: true }).evaluate((field) => `${field.tagName} ${field.getAttribute('type')}`)).toBe('INPUT text');
        }
        await page.getByLabel(t.event, { exact: true }).fill('ping');
        await expect(preview).toContainText('event: ping');
        await expect(preview).not.toContainText(t.builderEmpty);
        await expect(append).toBeEnabled();
        await page.getByLabel(t.event, { exact: true }).fill('');
        await expect(append).toBeDisabled();
      });
    });
  }

  test(`buttons keep their labels on one line and wrap as whole buttons at 375 px (${t.lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await openPlayground(page, t.path);
    const controls = page.locator('.pg').locator('button, [role="tab"]');
    const lines = await controls.evaluateAll((elements) =>
      elements
        .filter((element) => element.getClientRects().length > 0)
        .map((element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          return { label: element.textContent, lines: tops.size, clipped: element.scrollWidth > element.clientWidth };
        }),
    );
    expect(lines.length).toBeGreaterThan(8);
    expect(lines.filter(({ lines: count, clipped }) => count !== 1 || clipped)).toEqual([]);

    // The tabs share one row; the line-end buttons fill their rows evenly (no button alone under three).
    const tabTops = await page.locator('.pg [role="tab"]').evaluateAll((tabs) => tabs.map((element) => Math.round(element.getBoundingClientRect().top)));
    expect(new Set(tabTops).size).toBe(1);
    const insertRows = await page.locator('.pg__insert button').evaluateAll((buttons) => {
      const rows = new Map<number, number>();
      for (const button of buttons) {
        const top = Math.round(button.getBoundingClientRect().top);
        rows.set(top, (rows.get(top) ?? 0) + 1);
      }
      return [...rows.values()];
    });
    expect(insertRows.every((count) => count === insertRows[0])).toBe(true);
    await expect(page.getByRole('button', { name: t.clear, exact: true })).toBeVisible();
  });

  test(`says when the address can no longer hold the stream (${t.lang})`, async ({ page }) => {
    await openPlayground(page, t.path);
    const note = page.locator('.pg__link-note');
    await expect(note).toBeEmpty();
    await pasteStream(page, 'data: x\n\n'.repeat(6000));
    await expect(note).toContainText(t.linkNote);
    await expect(note).toHaveAttribute('role', 'status');
    // The address bar indeed keeps everything but the stream.
    const search = new URLSearchParams(new URL(page.url()).search);
    expect(search.get('s')).not.toBeNull();
    await pasteStream(page, 'data: short\n\n');
    await expect(note).toBeEmpty();
  });
}

test('stopping a run by keyboard, or a run ending under the focus on Stop, leaves the focus on Run', async ({ page }) => {
  await openPlayground(page, '/playground/?preset=mixed-line-ends');
  await tab(page, 'Run in this browser').click();
  // One byte per chunk, 150 ms apart: a few seconds to act while the run is under way.
  await page.locator('#pg-panel-run select').selectOption('bytes');
  await page.getByLabel('Delay between chunks (ms)').fill('150');
  const run = page.getByRole('button', { name: 'Run in this browser', exact: true });
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  await run.focus();
  await page.keyboard.press('Enter');
  await expect(run).toBeFocused();
  await expect(run).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Tab');
  await expect(stop).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.pg-run__status')).toHaveText('Stopped.');
  await expect(stop).toHaveCount(0);
  await expect(run).toBeFocused();

  // This time the run ends by itself while Stop has the focus.
  await page.getByLabel('Delay between chunks (ms)').fill('20');
  await run.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(stop).toBeFocused();
  await expect(page.locator('.pg-run__verdict')).toBeVisible({ timeout: 15_000 });
  await expect(run).toBeFocused();
});

test('a paste with line breaks into a single-line field says the field did not keep them', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openPlayground(page, '/playground/');
  await page.evaluate(() => navigator.clipboard.writeText('a\nb'));
  const id = page.getByLabel('ID (id)', { exact: true });
  await id.focus();
  await page.keyboard.press('ControlOrMeta+v');
  await expect(id).not.toHaveValue('');
  await expect(page.locator('#pg-builder-error')).toContainText('does not keep');
  // The next keystroke is the reader's own: the note goes.
  await page.keyboard.type('c');
  await expect(page.locator('#pg-builder-error')).toBeEmpty();
});
