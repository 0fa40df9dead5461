/**
 * The environment for running a curl command a page shows (a shell file
 * under src/snippets/) exactly as written, against a test's server: the
 * `curl` first on PATH execs /usr/bin/curl with the file's own arguments and
 * only these of the test's: `--connect-to` for each port the test maps (the
 * URL's port 3000 or 443 goes to the test's port on localhost, IPv4 or IPv6
 * as the server listens; the host name, TLS server name and Host header
 * stay as the page writes them), `-k` for
 * the test's self-signed certificates, and `extraArgs`.
 *
 *   const routed = routedCurl({ 3000: server.port }, ['-sS']);
 *   await execFile('/bin/sh', [snippetPath('node/watch-progress.sh')], { env: routed.env });
 *   routed.remove();
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RoutedCurl {
  /** PATH with the routing curl first, LANG=C. */
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export function routedCurl(ports: Record<number, number>, extraArgs: readonly string[] = []): RoutedCurl {
  const bin = mkdtempSync(join(tmpdir(), 'sse-routed-curl-'));
  const routes = Object.entries(ports).map(([from, to]) => `--connect-to :${from}:localhost:${to}`);
  const curl = join(bin, 'curl');
  writeFileSync(curl, `#!/bin/sh\nexec /usr/bin/curl ${[...routes, '-k', ...extraArgs].join(' ')} "$@"\n`);
  chmodSync(curl, 0o755);
  return {
    env: { PATH: `${bin}:/usr/bin:/bin`, LANG: 'C' },
    remove: () => rmSync(bin, { recursive: true, force: true }),
  };
}
