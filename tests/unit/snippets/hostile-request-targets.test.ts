/**
 * The server scripts the guides show are meant to be copied onto a server
 * that faces the internet: a request target that is no path (`//[`, which
 * makes `new URL()` throw) must get a 400, and the process must go on
 * serving. (The Redis broadcast server is checked the same way in
 * tests/config/scaling-out.test.ts, where Redis runs.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rawExchange } from '../../helpers/raw-request.ts';
import { startSnippetServer, type SnippetServer } from '../../helpers/snippet-server.ts';
import { snippetPath } from '../../helpers/snippets.ts';

const scripts = [
  'quick-start/server.mjs',
  'node/http-server.mjs',
  'protocol/replay-server.mjs',
  'broadcasting/broadcast-server.mjs',
  'broadcasting/channels-server.mjs',
  'nginx/backend.mjs',
];

let server: SnippetServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('the guides\' server scripts facing hostile request targets', () => {
  it.each(scripts)('%s answers GET //[ with 400 and keeps serving', async (script) => {
    server = await startSnippetServer(snippetPath(script), {});
    const host = script.startsWith('nginx/') ? '127.0.0.1' : 'localhost';
    for (const target of ['//[', '//', '//a:b@[::1]x']) {
      expect(await rawExchange(server.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, host)).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(await rawExchange(server.port, 'GET /no-such-path HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', host)).toMatch(/^HTTP\/1\.1 404 /);
    expect(server.child.exitCode).toBeNull();
  });
});
