/**
 * Starts a snippet's server script as a child process, the way a reader runs
 * it (`node server.mjs` with PORT and friends in the environment), and reads
 * event streams from it with this site's own parser. Shared by the Vitest
 * and Playwright tests of the snippets under src/snippets/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventStreamParser, type SseEvent } from '../../src/lib/sse/parser.ts';
import { acceptsConnections, freePort } from './ports.ts';
import { snippetNode } from './snippet-node.ts';

export interface SnippetServer {
  port: number;
  /** `http://localhost:<port>` */
  base: string;
  /** Everything the script printed so far. */
  output(): string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

/** Runs `node <script>` with `env` added and waits until it accepts connections. */
export async function startSnippetServer(script: string, env: Record<string, string>, port?: number): Promise<SnippetServer> {
  const chosenPort = port ?? (await freePort());
  const child = spawn(snippetNode, [script], {
    env: { ...process.env, ...env, PORT: String(chosenPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 10_000;
  while (!(await acceptsConnections(chosenPort, 'localhost'))) {
    if (child.exitCode !== null) throw new Error(`${script} exited early (code ${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`${script} did not accept connections within 10 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port: chosenPort,
    base: `http://localhost:${chosenPort}`,
    output: () => output,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export interface Arrival extends SseEvent {
  /** performance.now() when the event was dispatched. */
  at: number;
}

export interface StreamResult {
  status: number;
  headers: Headers;
  events: Arrival[];
  /** Every applied `retry` value, in order. */
  retries: number[];
  /** True when the server ended the response before `count` events came. */
  ended: boolean;
}

/**
 * GETs `url` and collects events until `count` have arrived or the server
 * ends the response, then hangs up like a closed tab. Rejects after `timeoutMs`.
 */
export async function readEvents(url: string, count: number, init: RequestInit = {}, timeoutMs = 8_000): Promise<StreamResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`fewer than ${count} events in ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    const events: Arrival[] = [];
    const retries: number[] = [];
    const parser = new EventStreamParser({
      onEvent: (event) => events.push({ ...event, at: performance.now() }),
      onRetry: (ms) => retries.push(ms),
    });
    let ended = false;
    if (response.body) {
      const reader = response.body.getReader();
      while (events.length < count) {
        const { value, done } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        parser.feed(value);
      }
    }
    return { status: response.status, headers: response.headers, events, retries, ended };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** The script's code without comments, for checks of what it sets itself. */
export function codeWithoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}
