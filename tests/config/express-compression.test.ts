/**
 * Express's `compression` middleware (from npm) in front of event streams,
 * with the Node.js page's files: src/snippets/node/compression-server.mjs
 * and src/snippets/node/compression-filter.mjs, each run as a reader runs it
 * (`PORT=… node file.mjs`). The client asks for compression the way
 * Chromium does, so the middleware picks brotli.
 *
 * What the page says, each checked here: a response with
 * `Cache-Control: no-transform` is passed on uncompressed; a compressed
 * stream arrives on time when the route calls `res.flush()` after each
 * event; the `filter` option keeps event streams uncompressed; and without
 * any of the three, nothing arrives while the stream runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalPattern, describeArrivals, measureArrivals } from './harness/arrivals.ts';
import { startNodeScript, type NodeScript } from './harness/node-script.ts';
import { writeSnippetVariant, type SnippetVariant } from './harness/snippet-variant.ts';
import { snippetPath } from '../helpers/snippets.ts';

/** Two retries: "on time" is 300 ms, and a busy two-core machine can stall a process for longer. */
const onBusyMachine = { retry: 2 };
/** What Chromium sends. */
const browserAcceptEncoding = 'gzip, deflate, br, zstd';

let server: NodeScript;
let filtered: NodeScript;
let unfiltered: NodeScript;
let unfilteredFile: SnippetVariant;

beforeAll(async () => {
  // The filter page's file with the filter option taken out: the default
  // compression() that most apps have.
  unfilteredFile = writeSnippetVariant('node/compression-filter.mjs', [
    ['compression({ filter: skipEventStreams })', 'compression()'],
  ]);
  [server, filtered, unfiltered] = await Promise.all([
    startNodeScript(snippetPath('node/compression-server.mjs')),
    startNodeScript(snippetPath('node/compression-filter.mjs')),
    startNodeScript(unfilteredFile.path),
  ]);
});

afterAll(async () => {
  await Promise.all([server, filtered, unfiltered].map((script) => script?.stop()));
  unfilteredFile?.remove();
});

describe('compression() in front of an event stream', () => {
  it.concurrent('leaves a stream with Cache-Control: no-transform uncompressed, and its events arrive one by one', onBusyMachine, async () => {
    const stream = await measureArrivals(`http://${server.address}/events`, { acceptEncoding: browserAcceptEncoding, maxEvents: 3 });
    expect(stream.headers['cache-control']).toContain('no-transform');
    expect(stream.headers['content-encoding'], describeArrivals(stream)).toBeUndefined();
    expect(stream.arrivals).toHaveLength(3);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
  });

  it.concurrent('compresses a stream without no-transform, and res.flush() after each event gets every event out on time', onBusyMachine, async () => {
    const stream = await measureArrivals(`http://${server.address}/compressed-events`, { acceptEncoding: browserAcceptEncoding, maxEvents: 3 });
    expect(stream.headers['content-encoding'], describeArrivals(stream)).toBe('br');
    expect(stream.arrivals).toHaveLength(3);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
  });

  it.concurrent('skips event streams when its filter says so, though the stream sends neither no-transform nor flushes', onBusyMachine, async () => {
    const stream = await measureArrivals(`http://${filtered.address}/events`, { acceptEncoding: browserAcceptEncoding, maxEvents: 3 });
    expect(stream.headers['content-encoding'], describeArrivals(stream)).toBeUndefined();
    expect(stream.arrivals).toHaveLength(3);
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
  });

  it.concurrent('without the filter, compresses the same stream and holds every event back: none arrives in 4.5 s', async () => {
    const stream = await measureArrivals(`http://${unfiltered.address}/events`, { acceptEncoding: browserAcceptEncoding, timeoutMs: 4500 });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-encoding']).toBe('br');
    expect(stream.arrivals, describeArrivals(stream)).toHaveLength(0);
  });

  it.concurrent('without the filter, still streams to a client that asks for no compression (how to confirm the cause)', onBusyMachine, async () => {
    const stream = await measureArrivals(`http://${unfiltered.address}/events`, { maxEvents: 3 });
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(arrivalPattern(stream.arrivals), describeArrivals(stream)).toBe('one by one');
  });
});
