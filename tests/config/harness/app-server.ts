/**
 * An application server from the Python and Go pages (gunicorn, uvicorn,
 * `flask run`, a built Go program), started the way the page's command
 * starts it, on a free loopback port, with every line it logs kept with the
 * time it arrived: a test learns when the server noticed that a client
 * left from its own log line.
 *
 *   const server = await startAppServer({ command: '/usr/bin/gunicorn', args: ['--bind', '127.0.0.1:{port}', 'app:app'], cwd });
 *   server.url('/events');
 *   const line = await server.waitForLine(/left after event 5001/);   // { text, at }
 *   await server.stop();
 */
import { acceptsConnections, freePort } from '../../helpers/ports.ts';
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
