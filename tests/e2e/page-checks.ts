import AxeBuilder from '@axe-core/playwright';
import type { Page, Response } from '@playwright/test';
import { expect, islandsHydrated } from './fixtures.ts';

/**
 * The checks every page of the site must pass, each on a page already
 * loaded: every-page.spec.ts runs them all on one visit per page, and a few
 * other tests reuse them.
 */

/**
 * Collects the page's Content-Security-Policy violations and uncaught errors
 * from now on; call it before `page.goto`.
 */
export function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

/** Like collectViolations, and also the violations the browser reports only as a `securitypolicyviolation` event. */
export async function collectAllViolations(page: Page): Promise<string[]> {
  const violations = collectViolations(page);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Content Security Policy: ${event.violatedDirective} blocked ${event.blockedURI}`),
    );
  });
  return violations;
}

/** The production server's security headers, on the page's response. */
export function expectSecurityHeaders(response: Response): void {
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-frame-options']).toBe('DENY');
}

/** Brings every island into view (they load when visible), waits until all have hydrated, and expects no violation on the way. */
export async function expectIslandsRunUnderCsp(page: Page, violations: string[]): Promise<void> {
  for (const island of await page.locator('astro-island').all()) await island.scrollIntoViewIfNeeded();
  await islandsHydrated(page);
  expect(violations).toEqual([]);
}

/** axe finds nothing on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map(({ id, help, nodes }) => ({ id, help, targets: nodes.map((node) => node.target) }))).toEqual([]);
}

/** Every table of the page's Markdown sits in a focusable frame (role region) with a name of its own. */
export async function expectTableFrames(page: Page): Promise<void> {
  const frames = page.locator('.sl-markdown-content .table-scroll');
  // Tables written in the page's Markdown; an island (the playground) draws its own.
  expect(await page.locator('.sl-markdown-content table:not(astro-island table)').count()).toBe(await frames.count());
  const names = await frames.evaluateAll((elements) =>
    elements.map((element) => [element.getAttribute('role'), element.getAttribute('tabindex'), element.getAttribute('aria-label')]),
  );
  for (const [role, tabindex, label] of names) {
    expect([role, tabindex]).toEqual(['region', '0']);
    expect(label?.trim()).toBeTruthy();
  }
  expect(new Set(names.map(([, , label]) => label)).size).toBe(names.length);
}

interface LinkTarget {
  status: number;
  ids: Set<string>;
}

/** Each address fetched once per worker: most pages link to the same ones. */
const linkTargets = new Map<string, Promise<LinkTarget>>();

/** Reads the headers, and the body only of HTML pages: a link may point at an event stream that never ends. */
async function fetchLinkTarget(url: string): Promise<LinkTarget> {
  const response = await fetch(url, { redirect: 'manual' });
  if (!response.headers.get('content-type')?.startsWith('text/html') || response.status !== 200) {
    await response.body?.cancel();
    return { status: response.status, ids: new Set() };
  }
  const html = await response.text();
  return { status: response.status, ids: new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!)) };
}

function linkTarget(url: string): Promise<LinkTarget> {
  if (!linkTargets.has(url)) linkTargets.set(url, fetchLinkTarget(url));
  return linkTargets.get(url)!;
}

/**
 * Every link of the page leads to an address of the site that answers 200
 * without a redirect, and a #fragment names an element of the target page;
 * a German page (its path under /de/) links to German pages.
 */
export async function expectLinksResolve(page: Page, path: string, baseURL: string): Promise<void> {
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
  const origin = new URL(baseURL).origin;
  const internal = [...new Set(hrefs)].map((href) => new URL(href)).filter((url) => url.origin === origin);
  expect(internal.length).toBeGreaterThan(0);

  const broken: string[] = [];
  const idsHere = new Set(await page.locator('[id]').evaluateAll((elements) => elements.map((element) => element.id)));
  for (const url of internal) {
    // A link within this page (the skip link, the table of contents) needs only its target here.
    if (url.pathname === new URL(page.url()).pathname && url.search === '') {
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment && !idsHere.has(fragment)) broken.push(`${url.hash}: no such id on this page`);
      continue;
    }
    const { status, ids } = await linkTarget(url.href.replace(/#.*$/, ''));
    if (status !== 200) broken.push(`${url.pathname}${url.search}: ${status}`);
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (status === 200 && fragment && !ids.has(fragment)) broken.push(`${url.pathname}${url.hash}: no such id`);
  }
  expect(broken).toEqual([]);

  // A German page sends its reader to German pages.
  if (path.startsWith('/de/')) {
    const pageLinks = internal.filter((url) => !/\.\w+$/.test(url.pathname) && !url.pathname.startsWith('/api/'));
    expect(pageLinks.map((url) => url.pathname).filter((pathname) => !pathname.startsWith('/de/'))).toEqual([]);
  }
}
