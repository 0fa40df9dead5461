/**
 * The "Apache as a reverse proxy" page's setup, from the files it shows:
 * Debian's default modules after src/snippets/apache/reverse-proxy-setup.sh,
 * then a site file (the guide's reverse-proxy.conf or a broken variant) with
 * its placeholders filled, in front of a backend listening on `backend`.
 *
 *   const apache = await startReverseProxy(snippet('apache/reverse-proxy.conf'), backend.address);
 *   apache.httpsUrl('/events');
 *
 *   // or the nginx page's backend.mjs behind it, both stopped afterwards:
 *   await withBackendBehindProxy(site, { HEARTBEAT_MS: '0' }, (apache) => measureArrivals(apache.url('/events')));
 *
 * `serverConfig` goes into the server config before the site: what else a
 * reader's server may have (`Timeout 3`, an AddOutputFilterByType line).
 */
import { startApache, type Apache } from '../harness/apache.ts';
import { startNodeScript } from '../harness/node-script.ts';
import { modulesAfter } from '../harness/apache-modules.ts';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { snippet } from '../../helpers/snippets.ts';

export interface ReverseProxyOptions {
  serverConfig?: string;
  /** Modules beyond the page's (a2enmod names), e.g. brotli. */
  extraModules?: string[];
}

/** A site file with TLS has the certificate placeholders and port 443; a plain one only port 80. */
const hasTls = (site: string): boolean => site.includes('SSLEngine on');

export function startReverseProxy(site: string, backend: string, options: ReverseProxyOptions = {}): Promise<Apache> {
  const setup = snippet('apache/reverse-proxy-setup.sh');
  const extra = options.extraModules?.length ? `\na2enmod ${options.extraModules.join(' ')}` : '';
  return startApache({
    modules: modulesAfter(setup + extra),
    tls: hasTls(site),
    site: ({ httpPort, httpsPort, cert }) =>
      `${options.serverConfig ?? ''}\n` +
      fillPlaceholders(site, {
        ...(hasTls(site) && {
          '/etc/letsencrypt/live/sse.example.com/fullchain.pem': cert!.certFile,
          '/etc/letsencrypt/live/sse.example.com/privkey.pem': cert!.keyFile,
          '*:443': `*:${httpsPort}`,
        }),
        'sse.example.com': 'localhost',
        '127.0.0.1:3000': backend,
        '*:80': `*:${httpPort}`,
      }),
  });
}

/** src/snippets/nginx/backend.mjs (with `backendEnv`) behind `site`, for the length of `body`. */
export async function withBackendBehindProxy<T>(
  site: string,
  backendEnv: Record<string, string>,
  body: (apache: Apache) => Promise<T>,
  options: ReverseProxyOptions = {},
): Promise<T> {
  const backend = await startNodeScript('src/snippets/nginx/backend.mjs', backendEnv);
  try {
    const apache = await startReverseProxy(site, backend.address, options);
    try {
      return await body(apache);
    } finally {
      await apache.stop();
    }
  } finally {
    await backend.stop();
  }
}
