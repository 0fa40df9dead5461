import type { AstroIntegration } from 'astro';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy next to every text file of
 * the built site, once at build time with the strongest settings, so the
 * production server (src/server/static-files.ts) sends pages compressed
 * without spending CPU per request.
 *
 * Runs after every other integration's `astro:build:done` (register it last),
 * so Pagefind's index files are compressed too. Pagefind's own `.pf_*`
 * fragments are gzip already and are left alone.
 */
export const compressibleExtensions = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt', '.webmanifest']);

/** Below this size a compressed copy saves less than the headers it costs. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)])),
  );
  return nested.flat();
}

export async function precompressFolder(folder: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const totals = { files: 0, bytes: 0, brotliBytes: 0 };
  for (const file of await filesUnder(folder)) {
    if (!compressibleExtensions.has(extname(file))) continue;
    const content = await readFile(file);
    if (content.byteLength < MIN_BYTES) continue;
    const [br, gz] = await Promise.all([
      brotli(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.byteLength,
        },
      }),
      gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
    totals.files += 1;
    totals.bytes += content.byteLength;
    totals.brotliBytes += br.byteLength;
  }
  return totals;
}

export function precompress(): AstroIntegration {
  let clientDir: URL | undefined;
  return {
    name: 'sse-handbook:precompress',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
      },
      'astro:build:done': async ({ logger }) => {
        if (!clientDir) return;
        const { files, bytes, brotliBytes } = await precompressFolder(fileURLToPath(clientDir));
        const kib = (n: number): string => `${Math.round(n / 1024)} KiB`;
        logger.info(`${files} files compressed: ${kib(bytes)} -> ${kib(brotliBytes)} with Brotli (and gzip copies).`);
      },
    },
  };
}
