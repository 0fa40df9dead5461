/**
 * An application server from the Python and Go pages (gunicorn, uvicorn,
 * `flask run`, a built Go program), started the way the page's command
 * starts it, on a free loopback port, with every line it logs kept with the
 * time it arrived: a test learns when the server noticed that a client
 * left from its own log line.
 *
 *   const server = await startAppServer({ command: '/usr/bin/gunicorn', args: ['--bind', '127.0.0.1:{port}', 'app:app'], cwd });
 *   server.url('/events');
 *   const line = await server.waitForLine(/WORKER TIMEOUT/);   // { text, at }
 *   await cleanupDelay(server.url('/events'), server, 5000);     // ms from hang-up to its log line
 *   await server.stop();
 */
import { expect } from 'vitest';
import { openEventStream } from '../../helpers/event-stream-reader.ts';
import { acceptsConnections, freePort } from '../../helpers/ports.ts';
import { arrivalPattern, describeArrivals, measureArrivals } from './arrivals.ts';
import { startProcess, waitUntil, type ServerProcess } from './processes.ts';

export interface LogLine {
  text: string;
  /** Date.now() when the line arrived. */
  at: number;
}

export interface AppServer {
  readonly port: number;
  readonly process: ServerProcess;
  url(path: string): string;
  /** The first line so far or later that matches, with its arrival time; rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<LogLine>;
  stop(): Promise<void>;
}

/** `{port}` in `args` and in `env` values becomes the port. */
export async function startAppServer(options: {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}): Promise<AppServer> {
  const port = await freePort();
  const fill = (text: string): string => text.replaceAll('{port}', String(port));
  const process = startProcess({
    command: options.command,
    args: options.args.map(fill),
    env: Object.fromEntries(Object.entries(options.env ?? {}).map(([name, value]) => [name, fill(value)])),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  for (const output of [process.child.stdout, process.child.stderr]) {
    let partial = '';
    output?.on('data', (chunk: Buffer) => {
      const at = Date.now();
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) lines.push({ text, at });
      for (const wake of waiters) wake();
    });
  }
  await waitUntil(() => acceptsConnections(port), { process, what: `${options.command} on port ${port}` });
  return {
    port,
    process,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    waitForLine(pattern, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const line = lines.find((candidate) => pattern.test(candidate.text));
          if (!line) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(line);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms\n${process.output()}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => process.stop(),
  };
}

/**
 * How long after a client hung up `server` logged "left after event N":
 * the stream at `url` resumes after Last-Event-ID `id` (5000, 6000, …), so
 * its line reads "left after event 5…" and names this stream only, while
 * other tests stream from the same server.
 */
export async function cleanupDelay(url: string, server: AppServer, id: number): Promise<number> {
  const stream = await openEventStream(url, { headers: { 'Last-Event-ID': String(id) } });
  await stream.waitForEvents(1, 5_000);
  const left = Date.now();
  stream.close();
  const line = await server.waitForLine(new RegExp(`left after event ${id / 1000}\\d{3}\\b`), 10_000);
  return line.at - left;
}

/**
 * What every events server of the Python and Go pages promises: `?n=3`
 * sends ticks 1 to 3 on time, each with its id, then `done`; a request with
 * Last-Event-ID 41 goes on at 42; an ID that is no number gets 400.
 */
export async function expectTicksWithIds(url: (path: string) => string, contentType: string): Promise<void> {
  const stream = await measureArrivals(url('/events?n=3'));
  expect(stream.headers['content-type']).toBe(contentType);
  expect(stream.arrivals.map((arrival) => arrival.event.lastEventId)).toEqual(['1', '2', '3', '3']);
  expect(stream.arrivals.at(-1)?.event.type).toBe('done');
  expect(arrivalPattern(stream.arrivals.slice(0, 3)), describeArrivals(stream)).toBe('one by one');
  const resumed = await measureArrivals(url('/events'), { headers: { 'Last-Event-ID': '41' }, maxEvents: 1 });
  expect(resumed.arrivals[0]?.event.lastEventId).toBe('42');
  const refused = await fetch(url('/events'), { headers: { 'Last-Event-ID': 'x' } });
  expect(refused.status).toBe(400);
}
