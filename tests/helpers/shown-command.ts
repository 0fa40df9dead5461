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
 * `env` carries the shell variables the page tells the reader to set;
 * `shims` puts small scripts first on PATH under a command's name, e.g. a
 * `node` that swaps the page's port for the test's (see `settingsShim`);
 * `cwd` is where the reader stands, e.g. the folder with the server script.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { routedCurl } from './routed-curl.ts';
import { snippetPath } from './snippets.ts';

export interface ShownCommandOptions {
  /** Cut an endless stream after this long (curl --max-time); a command that ends may take up to 10 s. */
  seconds?: number;
  env?: Record<string, string>;
  shims?: Record<string, string>;
  cwd?: string;
}

/**
 * A shim that runs `command` with each environment setting the page writes
 * (`PORT=3001`) swapped for the test's (`PORT=41237`). A value the page does
 * not write, or a missing one, fails with exit code 64, so a wrong or
 * misspelled setting in the command fails the test.
 */
export function settingsShim(command: string, settings: Record<string, { page: string; test: string }>): string {
  const swaps = Object.entries(settings).map(
    ([name, { page, test }]) =>
      `case "$${name}" in\n  '${page}') ${name}='${test}' ;;\n  *) echo "shim: ${name}=$${name} is not the page's ${page}" >&2; exit 64 ;;\nesac\nexport ${name}\n`,
  );
  return `#!/bin/sh\n${swaps.join('')}exec ${command} "$@"\n`;
}

/** The environment and working directory to run a shown command in; `remove()` deletes the shims. */
function prepare(ports: Record<number, number>, curlArgs: string[], { env = {}, shims = {} }: ShownCommandOptions) {
  const routed = routedCurl(ports, curlArgs);
  const bin = mkdtempSync(join(tmpdir(), 'sse-shims-'));
  for (const [name, text] of Object.entries(shims)) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  return {
    env: { ...routed.env, PATH: `${bin}:${routed.env.PATH}`, ...env },
    remove: () => {
      routed.remove();
      rmSync(bin, { recursive: true, force: true });
    },
  };
}

export async function runShownCommand(
  file: string,
  ports: Record<number, number>,
  options: ShownCommandOptions = {},
): Promise<string> {
  const { seconds } = options;
  const routed = prepare(ports, ['-sS', '--max-time', String(seconds ?? 10)], options);
  try {
    const { stdout } = await promisify(execFile)('/bin/sh', [snippetPath(file)], { env: routed.env, cwd: options.cwd }).catch(
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
  /** Whether it has ended on its own (or been stopped). */
  exited(): boolean;
  /** Ends the command's process group, as Ctrl+C in its terminal does; resolves once it has exited. */
  stop(): Promise<void>;
}

export function startShownCommand(file: string, ports: Record<number, number>, options: Omit<ShownCommandOptions, 'seconds'> = {}): RunningCommand {
  const routed = prepare(ports, ['-sS'], options);
  // Its own process group: sh forks the command, and stop() ends both.
  const child = spawn('/bin/sh', [snippetPath(file)], { env: routed.env, cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  void exited.then(routed.remove);
  return {
    output: () => printed,
    exited: () => child.exitCode !== null || child.signalCode !== null,
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

/** The events an SSE curl printed, each an `id:` line and a `data:` line of JSON `{ text }`, in order. */
export function printedMessages(output: string): { id: string; text: string }[] {
  return [...output.matchAll(/^id: (.+)\ndata: (.+)\n\n/gm)].map(([, id, data]) => ({
    id: id!,
    text: (JSON.parse(data!) as { text: string }).text,
  }));
}
