import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';

export interface ProductionServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  process: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything the server printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts the production entry (`npm run serve`: src/server/start.ts in front
 * of the built site in dist/) as its own process on a free loopback port.
 */
export async function startProductionServer(env: Record<string, string> = {}): Promise<ProductionServer> {
  if (!existsSync('dist/server/entry.mjs')) {
    throw new Error('No production build in dist/: run `npm run build` first (npm test does).');
  }
  const child = spawn(process.execPath, ['src/server/start.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start within 20 s:\n${out}${err}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /on (http:\/\/\S+\/)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code} before listening:\n${out}${err}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs the production entry with `env` and returns how it ended, for settings that must stop the start. */
export async function runProductionServerExpectingExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['src/server/start.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stderr };
}
