/**
 * The Node.js version the pages and the server scripts name is the one the
 * snippet tests start the scripts with (tests/helpers/snippet-node.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OLDEST_SUPPORTED_NODE_MAJOR, snippetNode } from '../../helpers/snippet-node.ts';
import { execFileSync } from 'node:child_process';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the Node.js version the guides name', () => {
  it('is the oldest one the snippet tests run the scripts on', () => {
    expect(read('content/docs/start/quick-start.mdx')).toContain(`Node.js ${OLDEST_SUPPORTED_NODE_MAJOR} or newer`);
    expect(read('content/docs/de/start/quick-start.mdx')).toContain(`Node.js ab Version ${OLDEST_SUPPORTED_NODE_MAJOR}`);
    for (const script of [
      'quick-start/server.mjs',
      'node/http-server.mjs',
      'protocol/replay-server.mjs',
      'broadcasting/broadcast-server.mjs',
      'scaling-out/redis-broadcast-server.mjs',
    ]) {
      const named = [...read(`src/snippets/${script}`).matchAll(/Node(?:\.js)? (\d+)\+/g)].map((match) => Number(match[1]));
      expect(named, script).toEqual([OLDEST_SUPPORTED_NODE_MAJOR]);
    }
  });

  it('is the version of the node binary that runs the snippet servers, unless the machine has none', () => {
    const version = execFileSync(snippetNode, ['--version'], { encoding: 'utf8' });
    if (snippetNode === process.execPath && process.env.CI !== 'true') return; // no Node 20 here: the helper said so
    expect(version).toMatch(new RegExp(`^v${OLDEST_SUPPORTED_NODE_MAJOR}\\.`));
  });
});
