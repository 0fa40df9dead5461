/**
 * A guide's Node.js server script (e.g. src/snippets/nginx/backend.mjs) as a
 * child process on a free loopback port, the way a reader runs it:
 * `PORT=… node backend.mjs`.
 *
 *   const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: '400' });
 *   backend.address;   // "127.0.0.1:41237", for a proxy_pass line
 *   await backend.stop();
 */
import { fileURLToPath } from 'node:url';
import { acceptsConnections, freePort } from '../../helpers/ports.ts';
import { snippetNode } from '../../helpers/snippet-node.ts';
import { startProcess, waitUntil, type ServerProcess } from './processes.ts';

export interface NodeScript {
  readonly port: number;
  /** host:port of the script's listener. */
  readonly address: string;
  readonly process: ServerProcess;
  stop(): Promise<void>;
}

const repoRoot = new URL('../../../', import.meta.url);

/** `script` is relative to the repository root; `env` is added to PORT. */
export async function startNodeScript(script: string, env: Record<string, string> = {}): Promise<NodeScript> {
  const port = await freePort();
  const process = startProcess({
    // The oldest Node.js the pages name, as for the other snippet tests.
    command: snippetNode,
    args: [fileURLToPath(new URL(script, repoRoot))],
    env: { ...env, PORT: String(port) },
  });
  await waitUntil(() => acceptsConnections(port), { process, what: `${script} on port ${port}` });
  return { port, address: `127.0.0.1:${port}`, process, stop: () => process.stop() };
}
