/**
 * A curl command a page shows (a shell file under src/snippets/), run as
 * the page writes it, with the real curl, against a test server
 * (tests/helpers/routed-curl.ts); its stream is measured like any other
 * (arrivals.ts):
 *
 *   const stream = await measureShownCurl('nginx/watch-http2.sh', { 443: nginx.httpsPort }, { maxEvents: 5 });
 *   stream.httpVersion;   // '2' when the command asked for HTTP/2 and got it
 *
 * The test adds `-sS -i` to the command's own arguments, so that the status
 * line and headers come before the body, where the measurement reads the
 * status and HTTP version. Everything else (`-N`, `--http2`, the URL) is
 * the reader's command.
 */
import { routedCurl } from '../../helpers/routed-curl.ts';
import { snippetPath } from '../../helpers/snippets.ts';
import { measureCommandArrivals, type MeasuredStream, type MeasureOptions } from './arrivals.ts';

export async function measureShownCurl(
  file: string,
  ports: Record<number, number>,
  options: Omit<MeasureOptions, 'client' | 'headers' | 'acceptEncoding'> = {},
): Promise<MeasuredStream> {
  const routed = routedCurl(ports, ['-sS', '-i']);
  try {
    return await measureCommandArrivals('/bin/sh', [snippetPath(file)], routed.env, options);
  } finally {
    routed.remove();
  }
}
