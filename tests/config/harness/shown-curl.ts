/**
 * A curl command a page shows (a shell file under src/snippets/), run as
 * the page writes it, with the real curl, against a test server; its stream
 * is measured like any other (arrivals.ts):
 *
 *   const stream = await measureShownCurl('nginx/watch-http2.sh', { https: nginx.httpsPort }, { maxEvents: 5 });
 *   stream.httpVersion;   // '2' when the command asked for HTTP/2 and got it
 *
 * The `curl` first on PATH execs /usr/bin/curl with the file's own
 * arguments and four of the test's: `--connect-to` sends the URL's port 80
 * or 443 to the test's loopback port (the host name, TLS server name and
 * Host header stay as the page writes them), `-k` accepts the test's
 * self-signed certificate, and `-sS -i` print the status line and headers
 * before the body, where the measurement reads the status and HTTP version.
 * Everything else (`-N`, `--http2`, the URL) is the reader's command.
 */
import { chmodSync } from 'node:fs';
import { snippetPath } from '../../helpers/snippets.ts';
import { measureCommandArrivals, type MeasuredStream, type MeasureOptions } from './arrivals.ts';
import { createServerDir } from './server-dir.ts';

export async function measureShownCurl(
  file: string,
  ports: { http?: number; https?: number },
  options: Omit<MeasureOptions, 'client' | 'headers' | 'acceptEncoding'> = {},
): Promise<MeasuredStream> {
  const dir = createServerDir('shown-curl');
  try {
    const routes = Object.entries({ 80: ports.http, 443: ports.https })
      .filter(([, port]) => port !== undefined)
      .map(([from, to]) => `--connect-to :${from}:127.0.0.1:${to}`)
      .join(' ');
    const curl = dir.write('bin/curl', `#!/bin/sh\nexec /usr/bin/curl ${routes} -k -sS -i "$@"\n`);
    chmodSync(curl, 0o755);
    return await measureCommandArrivals('/bin/sh', [snippetPath(file)], {
      PATH: `${dir.path('bin')}:/usr/bin:/bin`,
      LANG: 'C',
    }, options);
  } finally {
    await dir.remove();
  }
}
