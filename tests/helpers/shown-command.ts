/**
 * Runs a shell command a page shows (a file under src/snippets/) as written,
 * with its curl routed to the test's ports (routed-curl.ts), and gives back
 * what it printed: what the reader sees in the terminal.
 *
 *   // a command that ends (a POST), or an endless stream cut after 1.5 s:
 *   const out = await runShownCommand('broadcasting/send-message.sh', { 3000: port });
 *   const out = await runShownCommand('broadcasting/resume.sh', { 3000: port }, { seconds: 1.5, env: { LAST_ID: id } });
 *   // a stream that keeps running until the test stops it, as Ctrl+C does:
 *   const watcher = startShownCommand('broadcasting/listen.sh', { 3000: port });
 *   watcher.output(); await watcher.stop();
 *
 * `env` carries the shell variables the page tells the reader to set.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { routedCurl } from './routed-curl.ts';
import { snippetPath } from './snippets.ts';

export interface ShownCommandOptions {
  /** Cut an endless stream after this long (curl --max-time); a command that ends may take up to 10 s. */
  seconds?: number;
  env?: Record<string, string>;
}

export async function runShownCommand(
  file: string,
  ports: Record<number, number>,
  { seconds, env = {} }: ShownCommandOptions = {},
): Promise<string> {
  const routed = routedCurl(ports, ['-sS', '--max-time', String(seconds ?? 10)]);
  try {
    const { stdout } = await promisify(execFile)('/bin/sh', [snippetPath(file)], { env: { ...routed.env, ...env } }).catch(
      (error: { code?: number; stdout?: string }) => {
        // 28: --max-time ran out, which is how an endless stream ends here.
        if (seconds !== undefined && error.code === 28) return { stdout: error.stdout ?? '' };
        throw error;
      },
    );
    return stdout;
  } finally {
    routed.remove();
  }
}

export interface RunningCommand {
  /** Everything it printed so far. */
  output(): string;
  /** Ends the command's process group, as Ctrl+C in its terminal does; resolves once it has exited. */
  stop(): Promise<void>;
}

export function startShownCommand(file: string, ports: Record<number, number>, env: Record<string, string> = {}): RunningCommand {
  const routed = routedCurl(ports, ['-sS']);
  const child = spawn('/bin/sh', [snippetPath(file)], { env: { ...routed.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  void exited.then(routed.remove);
  return {
    output: () => printed,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGINT');
        } catch {
          // Already gone.
        }
      }
      await exited;
    },
  };
}
