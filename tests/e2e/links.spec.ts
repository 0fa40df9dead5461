import { test } from './fixtures.ts';
import { expectLinksResolve } from './page-checks.ts';

/**
 * Every link of both "page not found" pages leads to an address that answers
 * 200 without a redirect, and a #fragment names an element of the target
 * page (every other page's links are checked in every-page.spec.ts). The
 * build checks the links written in Markdown (starlight-links-validator);
 * this also covers the ones the components and the site frame write.
 */
for (const path of ['/no-such-page/', '/de/gibt-es-nicht/']) {
  test(`every link on ${path} resolves`, async ({ page, baseURL }) => {
    await page.goto(path);
    await expectLinksResolve(page, path, baseURL!);
  });
}
