import { allPagePaths, expect, test } from './fixtures.ts';

/**
 * Every link of every page, both languages and both "page not found" pages,
 * leads to an address that answers 200 without a redirect, and a #fragment
 * names an element of the target page. The build checks the links written
 * in Markdown (starlight-links-validator); this also covers the ones the
 * components and the site frame write.
 */
const pages = [...allPagePaths(), '/no-such-page/', '/de/gibt-es-nicht/'];

interface Target {
  status: number;
  ids: Set<string>;
}

const targets = new Map<string, Promise<Target>>();

/** Reads the headers, and the body only of HTML pages: a link may point at an event stream that never ends. */
async function fetchTarget(url: string): Promise<Target> {
  const response = await fetch(url, { redirect: 'manual' });
  if (!response.headers.get('content-type')?.startsWith('text/html') || response.status !== 200) {
    await response.body?.cancel();
    return { status: response.status, ids: new Set() };
  }
  const html = await response.text();
  return { status: response.status, ids: new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!)) };
}

function target(url: string): Promise<Target> {
  if (!targets.has(url)) targets.set(url, fetchTarget(url));
  return targets.get(url)!;
}

for (const path of pages) {
  test(`every link on ${path} resolves`, async ({ page, baseURL }) => {
    await page.goto(path);
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    const origin = new URL(baseURL!).origin;
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
      const { status, ids } = await target(url.href.replace(/#.*$/, ''));
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
  });
}
