/**
 * Starts a snippet's server script as a child process, the way a reader runs
 * it (`node server.mjs` with PORT and friends in the environment). Shared by the Vitest
 * and Playwright tests of the snippets under src/snippets/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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

/** The script's code without comments, for checks of what it sets itself. */
export function codeWithoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}
