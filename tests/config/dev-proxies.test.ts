/**
 * Dev-server proxies in front of an event stream, with the configs the
 * dev-proxies page shows (src/snippets/dev-proxies/), run by the real
 * packages from npm: Vite's dev server (`server.proxy`) and
 * webpack-dev-server (`devServer.proxy`, `compress`).
 *
 * The backend is a small SSE server in this process that ticks once a
 * second and records when each stream's response closes, so a test can ask
 * "did the backend learn that the client left?". The client asks for
 * compression the way Chromium does.
 *
 * What the page says, each checked here: Vite passes events on one by one
 * and ends the backend's stream when the browser leaves; webpack-dev-server
 * with its defaults compresses the stream (compress: true) and holds it,
 * headers included, unless the backend sends no-transform, and never tells the
 * backend that the browser left; the page's webpack config fixes both.
 */
import { createServer as createHttpServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import webpack from 'webpack';
import WebpackDevServer from 'webpack-dev-server';
import { arrivalPattern, describeArrivals, measureArrivals } from './harness/arrivals.ts';
import { scratchDir } from './harness/snippet-variant.ts';
import { snippetPath } from '../helpers/snippets.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** Two retries: "on time" is 300 ms, and a busy two-core machine can stall a process for longer. */
const onBusyMachine = { retry: 2 };
const browserAcceptEncoding = 'gzip, deflate, br, zstd';

/**
 * GET /api/events?n=3[&noTransform=1][&stream=name]: `n` ticks a second apart
 * (endless without n). `closedAt` records when each named stream's
 * response closed on the backend.
 */
interface Backend {
  url: string;
  closedAt: Map<string, number>;
  server: Server;
}

function startBackend(): Promise<Backend> {
  const closedAt = new Map<string, number>();
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const count = Number(url.searchParams.get('n') ?? Infinity);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': url.searchParams.has('noTransform') ? 'no-cache, no-transform' : 'no-cache',
    });
    res.flushHeaders();
    let i = 0;
    const timer = setInterval(() => {
      i += 1;
      res.write(`data: ${JSON.stringify({ i, time: new Date().toISOString() })}\n\n`);
      if (i >= count) res.end();
    }, 1000);
    res.on('close', () => {
      clearInterval(timer);
      const name = url.searchParams.get('stream');
      if (name) closedAt.set(name, Date.now());
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closedAt, server })),
  );
}

/** Reads the stream until its first event, then hangs up like a closed tab; resolves with the time it hung up. */
function readOneEventAndLeave(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { Accept: 'text/event-stream' } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!text.includes('\n\n')) return;
        request.destroy();
        resolve(Date.now());
      });
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
  });
}

/** Streams the events of `base`'s proxy and expects them one by one and uncompressed. */
async function expectEventsOneByOne(base: string): Promise<void> {
  const stream = await measureArrivals(`${base}api/events?n=3`, { acceptEncoding: browserAcceptEncoding });
  expect(stream.headers['content-encoding']).toBeUndefined();
  expect(stream.arrivals, describeArrivals(stream)).toHaveLength(3);
  expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
}

let backend: Backend;
const cleanups: Array<() => Promise<unknown> | void> = [];

beforeAll(async () => {
  backend = await startBackend();
  // Both configs read the backend's address from BACKEND_URL when loaded.
  process.env['BACKEND_URL'] = backend.url;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  backend.server.closeAllConnections();
  backend.server.close();
});

describe('Vite: server.proxy from vite.config.mjs', () => {
  let base = '';
  beforeAll(async () => {
    const root = scratchDir('vite');
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const vite: ViteDevServer = await createViteServer({
      configFile: snippetPath('dev-proxies/vite.config.mjs'),
      // Import the file as it is, instead of bundling it to a temporary file next to it.
      configLoader: 'native',
      root,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0 },
    });
    await vite.listen();
    cleanups.push(() => vite.close());
    base = vite.resolvedUrls?.local[0] ?? '';
  });

  it.concurrent('passes the events on one by one, uncompressed', onBusyMachine, async () => {
    await expectEventsOneByOne(base);
  });

  it.concurrent('ends the backend\'s response within a second when the browser leaves', async () => {
    const leftAt = await readOneEventAndLeave(`${base}api/events?stream=vite-leave`);
    await waitFor(() => backend.closedAt.has('vite-leave'), 3000, 'the backend to see the stream close');
    expect(backend.closedAt.get('vite-leave')! - leftAt).toBeLessThan(1000);
  });
});

describe('webpack-dev-server: devServer.proxy from webpack.config.cjs', () => {
  const require = createRequire(import.meta.url);
  type Config = webpack.Configuration & { devServer: WebpackDevServer.Configuration };
  let fixedBase = '';
  let defaultsBase = '';

  async function startDevServer(config: Config, context: string): Promise<string> {
    // Quiet, and nothing a browser would need: only the proxy is under test.
    const compiler = webpack({ ...config, context, stats: 'errors-only', infrastructureLogging: { level: 'error' } });
    const server = new WebpackDevServer(
      { ...config.devServer, host: '127.0.0.1', port: 0, hot: false, liveReload: false, client: false, static: false, setupExitSignals: false },
      compiler,
    );
    await server.start();
    cleanups.push(() => server.stop());
    return `http://127.0.0.1:${(server.server!.address() as AddressInfo).port}/`;
  }

  beforeAll(async () => {
    const config = require(snippetPath('dev-proxies/webpack.config.cjs')) as Config;
    // webpack's default entry, ./src/index.js, in an empty project.
    const context = scratchDir('webpack');
    mkdirSync(join(context, 'src'));
    writeFileSync(join(context, 'src/index.js'), '');
    cleanups.push(() => rmSync(context, { recursive: true, force: true }));
    // The same config without the page's two fixes: compress left at its
    // default, and the proxy entry as most projects write it.
    const { compress, ...defaultDevServer } = config.devServer;
    expect(compress).toBe(false);
    const defaults: Config = {
      ...config,
      devServer: { ...defaultDevServer, proxy: [{ context: ['/api'], target: backend.url }] },
    };
    [fixedBase, defaultsBase] = await Promise.all([startDevServer(config, context), startDevServer(defaults, context)]);
  });

  it.concurrent('with the defaults, compresses the stream and holds everything, headers included, until the stream ends', async () => {
    const stream = await measureArrivals(`${defaultsBase}api/events?n=3`, { acceptEncoding: browserAcceptEncoding });
    expect(stream.headers['content-encoding']).toBe('br');
    expect(stream.arrivals, describeArrivals(stream)).toHaveLength(3);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
    // The proxy leaves the headers to the first write, which the compressor holds: no `open` event either.
    expect(stream.headersAt - stream.startedAt, describeArrivals(stream)).toBeGreaterThan(2500);
  });

  it.concurrent('with the defaults, passes a stream with Cache-Control: no-transform on uncompressed, one by one', onBusyMachine, async () => {
    const stream = await measureArrivals(`${defaultsBase}api/events?n=3&noTransform=1`, { acceptEncoding: browserAcceptEncoding });
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
  });

  it.concurrent('with the defaults, never tells the backend that the browser left', async () => {
    await readOneEventAndLeave(`${defaultsBase}api/events?stream=webpack-defaults-leave`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(backend.closedAt.has('webpack-defaults-leave')).toBe(false);
  });

  it.concurrent('with compress: false, passes the events on one by one, uncompressed', onBusyMachine, async () => {
    await expectEventsOneByOne(fixedBase);
  });

  it.concurrent('with onProxyReq ending the proxy request, ends the backend\'s response within a second when the browser leaves', async () => {
    const leftAt = await readOneEventAndLeave(`${fixedBase}api/events?stream=webpack-fixed-leave`);
    await waitFor(() => backend.closedAt.has('webpack-fixed-leave'), 3000, 'the backend to see the stream close');
    expect(backend.closedAt.get('webpack-fixed-leave')! - leftAt).toBeLessThan(1000);
  });
});
