import { allPagePaths, expect, test } from './fixtures.ts';
import {
  collectAllViolations,
  expectIslandsRunUnderCsp,
  expectLinksResolve,
  expectNoAxeViolations,
  expectSecurityHeaders,
  expectTableFrames,
} from './page-checks.ts';

/**
 * What every page of both languages must pass, checked on one visit per
 * page (loading each of the 67 pages once per check cost minutes): the
 * security headers, tables in named frames, links that resolve, no axe
 * violations, and islands that run under the Content-Security-Policy. A
 * failure names the page (the test) and the check (the step).
 *
 * The order keeps what each check sees as it was when each had a visit of
 * its own: axe and the links read the page as loaded, before the CSP check
 * scrolls every island into view to hydrate it.
 */
for (const path of allPagePaths()) {
  test(`${path}: security headers, table frames, links, accessibility, CSP`, async ({ page, baseURL }) => {
    // axe walks every node: a guide with several long code blocks (3,500
    // elements) takes half a minute on a busy two-core machine.
    test.setTimeout(120_000);
    const violations = await collectAllViolations(page);
    const response = await page.goto(path);
    expect(response).not.toBeNull();
    await test.step('served with the security headers', () => expectSecurityHeaders(response!));
    await test.step('every table sits in a focusable frame with a name of its own', () => expectTableFrames(page));
    await test.step('every link resolves', () => expectLinksResolve(page, path, baseURL!));
    await test.step('no accessibility violations', () => expectNoAxeViolations(page));
    await test.step('runs under its CSP, every island hydrated', () => expectIslandsRunUnderCsp(page, violations));
  });
}
