/** Shared steps of the playground's end-to-end tests. */
import type { Page } from '@playwright/test';
import { expect, islandsHydrated } from './fixtures.ts';

/** Opens the playground and waits until the island and its editor are ready. */
export async function openPlayground(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await islandsHydrated(page);
  await expect(page.locator('.pg .cm-content')).toBeVisible();
}

/** Replaces the editor's text the way a reader's paste does (CR and BOM survive, unlike typing). */
export async function pasteStream(page: Page, text: string): Promise<void> {
  const content = page.locator('.pg .cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await content.evaluate((element, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

export function tab(page: Page, name: string) {
  return page.locator('.pg').getByRole('tab', { name, exact: true });
}

export function eventRows(page: Page) {
  return page.locator('#pg-panel-events tbody tr[data-event-type]');
}
