import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

/**
 * A real `redis-server` (Debian package `redis-server`) on a free loopback
 * port, with no persistence, its files in a temp dir. `restart()` stops it
 * and starts a new one on the same port: the data is gone, as after a crash
 * of a Redis that keeps nothing on disk.
 */
export interface TestRedis {
  url: string;
  /** Kills the server (its data is gone); `start()` brings up an empty one on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its temp dir. */
  dispose(): Promise<void>;
  restart(): Promise<void>;
}

export const redisMissing: string | null =
  spawnSync('redis-server', ['--version']).error === undefined
    ? null
    : 'skipped: no redis-server (apt-get install redis-server)';

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sse-redis-'));
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const process = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = process;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
      process.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      process.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  }

  async function stop(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async (): Promise<void> => {
      await stop();
      await start();
    },
  };
}
