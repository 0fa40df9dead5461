/**
 * A Next.js App Router route handler that returns a ReadableStream as
 * text/event-stream (src/snippets/nextjs/app/api/events/route.js), run by
 * `next dev` from npm on the Node.js the pages name, as a reader runs it.
 *
 * `next build` takes 30 to 40 s on a two-core machine, so the suite runs
 * the dev server only; the page says so. Next compresses in `next dev` as
 * in `next start` (its `compress` option, on by default).
 *
 * What the page says, each checked here: the handler's events arrive one by
 * one and uncompressed (it sends no-transform); the same handler without
 * no-transform is gzipped and still arrives one by one, because Next
 * flushes the compressor after every chunk; a handler that writes its
 * events before returning the Response (src/snippets/nextjs/broken/route.js)
 * delivers them all at once; and when the client leaves, Next cancels the
 * handler's ReadableStream within a second.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { arrivalPattern, describeArrivals, measureArrivals } from './harness/arrivals.ts';
import { replaceOnce, scratchDir } from './harness/snippet-variant.ts';
import { acceptsConnections, freePort } from '../helpers/ports.ts';
import { snippetNode } from '../helpers/snippet-node.ts';
import { snippet, snippetPath } from '../helpers/snippets.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** Two retries: "on time" is 300 ms, and a busy two-core machine can stall a process for longer. */
const onBusyMachine = { retry: 2 };
const browserAcceptEncoding = 'gzip, deflate, br, zstd';
const nextCli = fileURLToPath(new URL('../../node_modules/next/dist/bin/next', import.meta.url));

let app = '';
let next: ChildProcess;
let output = '';
let base = '';

beforeAll(async () => {
  // A copy of the snippet app in the repository (so `next` resolves from its
  // node_modules), with two more routes: the same handler without
  // no-transform, and the broken one.
  app = scratchDir('nextjs');
  cpSync(snippetPath('nextjs/app'), join(app, 'app'), { recursive: true });
  mkdirSync(join(app, 'app/api/plain'), { recursive: true });
  writeFileSync(
    join(app, 'app/api/plain/route.js'),
    replaceOnce(snippet('nextjs/app/api/events/route.js'), `'no-cache, no-transform'`, `'no-cache'`, 'route.js'),
  );
  mkdirSync(join(app, 'app/api/broken'), { recursive: true });
  writeFileSync(join(app, 'app/api/broken/route.js'), snippet('nextjs/broken/route.js'));
  writeFileSync(join(app, 'package.json'), '{ "private": true }\n');

  const port = await freePort();
  // Its own process group, so that stopping it also stops the next-server child it starts.
  next = spawn(snippetNode, [nextCli, 'dev', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: app,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmpdir(), NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  next.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  next.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!(await acceptsConnections(port))) {
    if (next.exitCode !== null || Date.now() > deadline) throw new Error(`next dev did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 30_000);

afterAll(async () => {
  if (next?.pid && next.exitCode === null) {
    const exited = new Promise((resolve) => next.once('exit', resolve));
    process.kill(-next.pid, 'SIGTERM');
    await exited;
  }
  if (app) rmSync(app, { recursive: true, force: true });
});

it.concurrent('streams the route handler\'s events one by one, uncompressed (no-transform)', onBusyMachine, async () => {
  const stream = await measureArrivals(`${base}/api/events?n=3`, { acceptEncoding: browserAcceptEncoding, timeoutMs: 20_000 });
  expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  expect(stream.headers['content-encoding'], describeArrivals(stream)).toBeUndefined();
  expect(stream.arrivals, describeArrivals(stream)).toHaveLength(3);
  expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
});

it.concurrent('gzips the same handler without no-transform, and its events still arrive one by one', onBusyMachine, async () => {
  const stream = await measureArrivals(`${base}/api/plain?n=3`, { acceptEncoding: browserAcceptEncoding, timeoutMs: 20_000 });
  expect(stream.headers['content-encoding'], describeArrivals(stream)).toBe('gzip');
  expect(stream.arrivals, describeArrivals(stream)).toHaveLength(3);
  expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
});

it.concurrent('delivers every event at once when the handler writes them before returning the Response', async () => {
  const stream = await measureArrivals(`${base}/api/broken`, { timeoutMs: 20_000 });
  expect(stream.arrivals, describeArrivals(stream)).toHaveLength(5);
  expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('together at the end');
});

it.concurrent('cancels the handler\'s stream within a second when the client leaves', async () => {
  const stream = await measureArrivals(`${base}/api/events`, { maxEvents: 2, timeoutMs: 20_000 });
  expect(stream.arrivals).toHaveLength(2);
  await waitFor(() => /client left after \d+ events/.test(output), 1000, `"client left" in the output of next dev:\n${output}`);
});
