import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The Content-Security-Policy the production server sends with every page.
 *
 * It allows what the built site needs and nothing more:
 * - scripts from this origin, plus the inline scripts Starlight and Astro
 *   write into the pages (theme choice before first paint, island loader),
 *   each allowed by its SHA-256 hash, collected from the build at start;
 *   `'wasm-unsafe-eval'` because Pagefind's search runs as WebAssembly;
 * - styles from this origin and inline (`style="…"` attributes from Starlight
 *   and the islands, and the editor's generated rules); style injection
 *   cannot run script, so this is the usual trade-off;
 * - images as files or `data:` URLs (Starlight's icons), fonts and
 *   connections (the demos' EventSource, the playground's fetch), and the
 *   playground's worker, from this origin only;
 * - no plugins, no framing (`frame-ancestors` works only as a header, not
 *   in a `<meta>`), forms and `<base>` only to this origin.
 * https://www.w3.org/TR/CSP3/
 */
export async function contentSecurityPolicy(clientDir: string): Promise<string> {
  const hashes = [...(await inlineScriptHashes(clientDir))].sort();
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...hashes.map((hash) => `'${hash}'`), "'wasm-unsafe-eval'"].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The stream doctor's page (Troubleshooting → Check your server) fetches a
 * URL the reader types, from the reader's own browser: its `connect-src`
 * allows any http(s) origin, every other page keeps `'self'`. The site's
 * server never fetches that URL itself, and the target's own CORS policy
 * still decides whether the page may read the response.
 */
const connectsAnywhere = /^\/(de\/)?troubleshooting\/check-your-server\/$/;

export function policyForPage(policy: string, pathname: string): string {
  return connectsAnywhere.test(pathname) ? policy.replace("connect-src 'self'", "connect-src 'self' http: https:") : policy;
}

/** Script types a browser executes; JSON data blocks and the like need no hash. */
const EXECUTABLE_TYPE = /^(|module|text\/javascript|application\/javascript)$/i;
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

async function inlineScriptHashes(folder: string, found = new Set<string>()): Promise<Set<string>> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await inlineScriptHashes(path, found);
    else if (entry.name.endsWith('.html')) {
      for (const [, attributes = '', body = ''] of (await readFile(path, 'utf8')).matchAll(SCRIPT)) {
        if (/\bsrc\s*=/i.test(attributes) || body === '') continue;
        const type = /\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1] ?? '';
        if (!EXECUTABLE_TYPE.test(type)) continue;
        found.add(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
      }
    }
  }
  return found;
}
