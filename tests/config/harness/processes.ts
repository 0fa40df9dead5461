/**
 * Starting and stopping a server process in the foreground, as the server
 * user (see server-dir.ts), with its output and log files at hand for the
 * error message when it fails.
 *
 *   const proc = startProcess({ command, args, logs: () => dir.readIfExists('error.log') });
 *   await waitUntil(() => acceptsConnections(port), { process: proc, what: 'apache2 on port …' });
 *   proc.output();   // stdout + stderr + log files so far
 *   await proc.stop();  // SIGTERM, SIGKILL after 5 s; resolves when it has exited
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { serverUser } from './server-dir.ts';

export interface StartOptions {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** The server's own log files, read when something goes wrong. */
  logs?: () => string;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** Whatever the process printed plus its log files: for failure messages. */
  output(): string;
  /** Stops the process and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export function startProcess(options: StartOptions): ServerProcess {
  let printed = '';
  const child = spawn(options.command, options.args, {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(serverUser ? { uid: serverUser.uid, gid: serverUser.gid } : {}),
  });
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () =>
      `${options.command} ${options.args.join(' ')}\n--- output ---\n${printed}\n--- logs ---\n${options.logs?.() ?? ''}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

/**
 * Polls `ready` every 50 ms until it resolves true. Fails with the process
 * output when the process exits first or `timeoutMs` passes.
 */
export async function waitUntil(
  ready: () => boolean | Promise<boolean>,
  { process, what, timeoutMs = 10_000 }: { process: ServerProcess; what: string; timeoutMs?: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    const { exitCode, signalCode } = process.child;
    if (exitCode !== null || signalCode !== null) {
      throw new Error(`${what}: the process exited (${exitCode ?? signalCode}) before it was ready\n${process.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
