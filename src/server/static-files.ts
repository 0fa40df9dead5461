import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/**
 * The built site's files, served from memory with the precompressed copies
 * that the build wrote next to them (src/build/precompress.ts):
 *
 * - the encoding is chosen by `Accept-Encoding` (Brotli, then gzip, then
 *   none), and every file that has copies says `Vary: Accept-Encoding`, so
 *   caches keep them apart (https://www.rfc-editor.org/rfc/rfc9110#name-accept-encoding);
 * - hashed assets under `/_astro/` change name when they change, so they
 *   may be cached for a year without asking (`immutable`); everything else,
 *   HTML above all, is revalidated on each use (`no-cache` + `ETag`, answered
 *   with 304 when unchanged);
 * - what is not a file here (a 404, a redirect, a range request) goes on to
 *   Astro's own handler.
 *
 * Event streams never come through here: they are answered under /api/ and
 * are never compressed or cached.
 */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Files larger than this are left to Astro's streaming handler rather than kept in memory. */
const MAX_IN_MEMORY_BYTES = 2 * 1024 * 1024;

/** The page Astro answers unknown paths with (with status 404). */
const NOT_FOUND_PAGE = '/404.html';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

type Encoding = 'br' | 'gzip' | 'identity';

interface Variant {
  body: Buffer;
  etag: string;
}

interface StaticFile {
  /** 200, or 404 for the not-found page itself: asked for by its name it is still the answer "not found". */
  status: number;
  type: string;
  cacheControl: string;
  variants: Partial<Record<Encoding, Variant>>;
}

function variant(body: Buffer, encoding: Encoding): Variant {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return { body, etag: `"${hash}${encoding === 'identity' ? '' : `-${encoding}`}"` };
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)])),
  );
  return nested.flat();
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  return readFile(path).catch(() => undefined);
}

/**
 * `Accept-Encoding: gzip;q=0.5, br` -> the encoding to send among those
 * available: the highest q-value wins, Brotli before gzip on a tie, and
 * identity when nothing compressed is acceptable.
 */
export function chooseEncoding(header: string | undefined, available: readonly Encoding[]): Encoding {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
    if (name !== '') weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (encoding: Encoding): number => weights.get(encoding) ?? weights.get('*') ?? 0;
  let best: Encoding = 'identity';
  for (const encoding of ['br', 'gzip'] as const) {
    if (available.includes(encoding) && weight(encoding) > 0 && (best === 'identity' || weight(encoding) > weight(best))) best = encoding;
  }
  return best;
}

export interface StaticFiles {
  /**
   * Answers GET or HEAD for a file of the build; false when the path is not
   * one (the caller passes it on). `path` is percent-decoded already.
   */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

export async function loadStaticFiles(clientDir: string): Promise<StaticFiles> {
  const byPath = new Map<string, StaticFile>();
  for (const file of await filesUnder(clientDir)) {
    const type = TYPES[extname(file)];
    if (type === undefined) continue;
    const body = await readFile(file);
    if (body.byteLength > MAX_IN_MEMORY_BYTES) continue;
    const urlPath = `/${relative(clientDir, file).split(sep).join('/')}`;
    const [br, gz] = await Promise.all([readIfExists(`${file}.br`), readIfExists(`${file}.gz`)]);
    const entry: StaticFile = {
      status: urlPath === NOT_FOUND_PAGE ? 404 : 200,
      type,
      cacheControl: urlPath.startsWith('/_astro/') ? IMMUTABLE : REVALIDATE,
      variants: {
        identity: variant(body, 'identity'),
        ...(br && { br: variant(br, 'br') }),
        ...(gz && { gzip: variant(gz, 'gzip') }),
      },
    };
    byPath.set(urlPath, entry);
    // A page is asked for by its folder: /start/quick-start/ is .../index.html.
    if (urlPath.endsWith('/index.html')) byPath.set(urlPath.slice(0, -'index.html'.length), entry);
  }

  return {
    serve(req, res, path) {
      if (req.headers.range !== undefined) return false;
      const file = byPath.get(path);
      if (!file) return false;
      const available = Object.keys(file.variants) as Encoding[];
      const encoding = chooseEncoding(req.headers['accept-encoding'], available);
      const chosen = file.variants[encoding]!;
      const headers: Record<string, string | number> = {
        'Content-Type': file.type,
        'Cache-Control': file.cacheControl,
        ETag: chosen.etag,
      };
      if (available.length > 1) headers['Vary'] = 'Accept-Encoding';
      if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
      const ifNoneMatch = req.headers['if-none-match'];
      if (file.status === 200 && ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === chosen.etag)) {
        res.writeHead(304, headers);
        res.end();
        return true;
      }
      headers['Content-Length'] = chosen.body.byteLength;
      res.writeHead(file.status, headers);
      res.end(req.method === 'HEAD' ? undefined : chosen.body);
      return true;
    },
  };
}
