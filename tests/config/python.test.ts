/**
 * The Python page's servers (src/snippets/python/) on Debian 12's packages:
 * Flask 2.2 on gunicorn 20.1 (gthread, gevent and the default sync worker)
 * and on Flask's development server, FastAPI 0.92 / Starlette 0.26 on
 * uvicorn 0.17, all run by /usr/bin/python3 (3.11). Each server is started
 * with the command its file documents, on a free loopback port, ticking
 * every TICK_MS.
 *
 * A test that waits for the server to notice a client leaving sends its own
 * Last-Event-ID, so the server's "left after event N" line names that test's
 * stream and no other.
 */
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { openEventStream } from '../helpers/event-stream-reader.ts';
import { snippet, snippetPath } from '../helpers/snippets.ts';
import { cleanupDelay, expectTicksWithIds, startAppServer, type AppServer } from './harness/app-server.ts';
import { arrivalPattern, describeArrivals, measureArrivals, onTimeMs } from './harness/arrivals.ts';
import { describeWithServers } from './harness/requirements.ts';

const TICK_MS = 500;
const onBusyMachine = { retry: 2 };
const snippetsDir = dirname(snippetPath('python/flask_events.py'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const env = { TICK_SECONDS: String(TICK_MS / 1000), PYTHONDONTWRITEBYTECODE: '1' };

/** The command line in a snippet's header that starts with `start`, as argv, on the test's port. */
function documentedCommand(file: string, start: string): string[] {
  const line = snippet(file)
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text.startsWith(start));
  if (!line) throw new Error(`${file} documents no command starting with "${start}"`);
  return line.replace('127.0.0.1:8000', '127.0.0.1:{port}').replace('--port 8000', '--port {port}').split(/\s+/);
}

async function withServer<T>(argv: string[], body: (server: AppServer) => Promise<T>, extra: { env?: Record<string, string>; cwd?: string } = {}): Promise<T> {
  const [program, ...args] = argv;
  const server = await startAppServer({ command: `/usr/bin/${program}`, args, env: { ...env, ...extra.env }, cwd: extra.cwd ?? snippetsDir });
  try {
    await answersRequests(server);
    return await body(server);
  } catch (error) {
    throw new Error(`${String(error)}\n${server.process.output()}`, { cause: error });
  } finally {
    await server.stop();
  }
}

/**
 * gunicorn's master listens before its workers have booted (gevent's take
 * seconds on a busy machine): wait for a first answer, a 404 will do, so
 * that no test counts boot time as streaming time.
 */
async function answersRequests(server: AppServer): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await fetch(server.url('/ready'), { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status > 0) return;
    if (Date.now() > deadline) throw new Error('the server answered no request within 20 s');
    await sleep(200);
  }
}

/** Opens a stream as a client that never gets its headers would: resolves to when they came, or undefined. */
function requestStream(url: string, signal: AbortSignal): Promise<number | undefined> {
  return fetch(url, { signal, headers: { Accept: 'text/event-stream' } }).then(
    (response) => {
      void response.body?.cancel().catch(() => {});
      return Date.now();
    },
    () => undefined,
  );
}

/** Holds `count` streams open, each with its first tick arrived. */
async function holdStreams(server: AppServer, count: number) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const stream = await openEventStream(server.url('/events'), { headers: { Accept: 'text/event-stream' } });
      await stream.waitForEvents(1, 5_000);
      return stream;
    }),
  );
}

describeWithServers(
  ['python3', 'flask', 'gunicorn', 'gevent'],
  'Flask on gunicorn and on its development server',
  () => {
    const gthread = documentedCommand('python/flask_events.py', 'gunicorn --worker-class gthread');
    const gevent = documentedCommand('python/flask_events.py', 'gunicorn --worker-class gevent');

    it('gthread, the page command: ticks one by one with ids, a resume after Last-Event-ID, 400 for a bad one, and the client leaving noticed at the second write', onBusyMachine, async () => {
      await withServer(gthread, async (server) => {
        await expectTicksWithIds(server.url, 'text/event-stream; charset=utf-8');

        // The first write after the client left still succeeds (the kernel
        // takes it, the peer answers with a reset); the second one fails.
        const delay = await cleanupDelay(server.url('/events'), server, 5000);
        expect(delay).toBeLessThan(2 * TICK_MS + onTimeMs);
      });
    });

    it('gthread: one worker with 4 threads holds 4 streams, the fifth waits until one ends, and --timeout cuts none of them', onBusyMachine, async () => {
      await withServer([...gthread, '--workers', '1', '--threads', '4', '--timeout', '3'], async (server) => {
        const opened = Date.now();
        const streams = await holdStreams(server, 4);
        const controller = new AbortController();
        try {
          const fifth = requestStream(server.url('/events'), controller.signal);
          const waitedFrom = Date.now();
          expect(await Promise.race([fifth, sleep(3 * TICK_MS).then(() => 'still waiting')])).toBe('still waiting');
          streams[0]!.close();
          const startedAt = await fifth;
          expect(startedAt).toBeDefined();
          expect(startedAt! - waitedFrom).toBeGreaterThan(3 * TICK_MS);
          // Twice the timeout and more: a sync worker would have been killed by now.
          await sleep(7_000 - (Date.now() - opened));
          const ticksBefore = streams[1]!.events.length;
          await streams[1]!.waitForEvents(ticksBefore + 1, 2_000);
          expect(streams.slice(1).some((stream) => stream.hasEnded())).toBe(false);
        } finally {
          controller.abort();
          for (const stream of streams) stream.close();
        }
      });
    });

    it('sync (gunicorn\'s default worker): two workers hold two streams, the third waits, and --timeout kills both workers mid-stream', onBusyMachine, async () => {
      await withServer(['gunicorn', '--workers', '2', '--timeout', '3', '--bind', '127.0.0.1:{port}', 'flask_events:app'], async (server) => {
        const opened = Date.now();
        const streams = await holdStreams(server, 2);
        const controller = new AbortController();
        try {
          const third = requestStream(server.url('/events'), controller.signal);
          expect(await Promise.race([third, sleep(3 * TICK_MS).then(() => 'still waiting')])).toBe('still waiting');
          await Promise.all(streams.map((stream) => stream.ended));
          const cutAfter = Date.now() - opened;
          expect(streams.every((stream) => stream.hasEnded()), 'the streams were cut, not ended').toBe(false);
          expect(cutAfter).toBeGreaterThan(2_500);
          expect(cutAfter).toBeLessThan(10_000);
          expect(await third).toBeDefined();
          await server.waitForLine(/WORKER TIMEOUT/);
        } finally {
          controller.abort();
        }
      });
    });

    it('gevent, the page command: one worker streams 26 clients at once, every tick on time, and --timeout cuts none of them', onBusyMachine, async () => {
      await withServer([...gevent, '--workers', '1', '--timeout', '3'], async (server) => {
        // One stream outlives --timeout twice over: the gevent worker tells the arbiter it is alive while it streams.
        const [long, ...streams] = await Promise.all(
          ['/events?n=14', ...Array.from({ length: 25 }, () => '/events?n=2')].map((path) => measureArrivals(server.url(path))),
        );
        expect(long!.ended && long!.arrivals.at(-1)?.event.type, describeArrivals(long!)).toBe('done');
        for (const stream of streams) {
          expect(stream.arrivals, describeArrivals(stream)).toHaveLength(3);
          expect(arrivalPattern(stream.arrivals.slice(0, 2)), describeArrivals(stream)).toBe('one by one');
        }
        const delay = await cleanupDelay(server.url('/events'), server, 6000);
        expect(delay).toBeLessThan(2 * TICK_MS + onTimeMs);
      });
    });

    it('flask run, the development server: a thread per request, so 10 streams at once all tick on time', onBusyMachine, async () => {
      await withServer(['flask', '--app', 'flask_events', 'run', '--port', '{port}'], async (server) => {
        const streams = await Promise.all(Array.from({ length: 10 }, () => measureArrivals(server.url('/events?n=2'))));
        for (const stream of streams) {
          expect(arrivalPattern(stream.arrivals.slice(0, 2)), describeArrivals(stream)).toBe('one by one');
        }
      });
    });
  },
  { concurrent: true },
);

describeWithServers(
  ['python3', 'fastapi', 'starlette', 'uvicorn'],
  'FastAPI (Starlette) on uvicorn',
  () => {
    const uvicorn = documentedCommand('python/fastapi_events.py', 'uvicorn');

    it('the page command: ticks one by one with ids; a client that leaves cancels the generator at once', onBusyMachine, async () => {
      await withServer(uvicorn, async (server) => {
        await expectTicksWithIds(server.url, 'text/event-stream; charset=utf-8');
        const delay = await cleanupDelay(server.url('/events'), server, 7000);
        // Starlette 0.26 cancels the response when uvicorn reports the disconnect, not at the next write.
        expect(delay).toBeLessThan(TICK_MS);
        await server.waitForLine(/left after event 7\d{3} \(cancelled\)/);
      });
    });

    it('GZipMiddleware in front of everything compresses the stream and holds every event until the end', onBusyMachine, async () => {
      const broken = documentedCommand('python/fastapi_events.py', 'uvicorn').map((arg) => (arg === 'fastapi_events:app' ? 'fastapi_gzip:app' : arg));
      // python/broken/fastapi_gzip.py, run as fastapi_gzip:app from broken/, imports fastapi_events from the folder above.
      await withServer([...broken, '--app-dir', 'broken'], async (server) => {
        const compressed = await measureArrivals(server.url('/events?n=4'), { acceptEncoding: 'gzip' });
        expect(compressed.headers['content-encoding']).toBe('gzip');
        expect(compressed.arrivals, describeArrivals(compressed)).toHaveLength(5);
        expect(arrivalPattern(compressed.arrivals), describeArrivals(compressed)).toBe('together at the end');
        expect(compressed.arrivals[0]!.delayMs!, describeArrivals(compressed)).toBeGreaterThan(2 * TICK_MS);

        const plain = await measureArrivals(server.url('/events?n=2'));
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(arrivalPattern(plain.arrivals.slice(0, 2)), describeArrivals(plain)).toBe('one by one');
      }, { env: { PYTHONPATH: snippetsDir } });
    });

    it('the page fix: GZipMiddleware for everything but requests for an event stream', onBusyMachine, async () => {
      const fixed = documentedCommand('python/fastapi_gzip.py', 'uvicorn');
      await withServer(fixed, async (server) => {
        const stream = await measureArrivals(server.url('/events?n=3'), { acceptEncoding: 'gzip' });
        expect(stream.headers['content-encoding']).toBeUndefined();
        expect(arrivalPattern(stream.arrivals.slice(0, 3)), describeArrivals(stream)).toBe('one by one');
        const json = await fetch(server.url('/openapi.json'), { headers: { 'Accept-Encoding': 'gzip' } });
        expect(json.headers.get('content-encoding')).toBe('gzip');
      });
    });
  },
  { concurrent: true },
);
