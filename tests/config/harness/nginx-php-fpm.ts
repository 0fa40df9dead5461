/**
 * nginx (a site file of the nginx guide) in front of PHP-FPM running a PHP
 * script as /events.php, both on free ports and temp dirs:
 *
 *   const stream = await withNginxAndPhpFpm(
 *     { site: 'sse-php-fpm.conf', script: 'events.php', guidePool: true },
 *     (nginx) => measureArrivals(nginx.url('/events.php')),
 *   );
 */
import { readFileSync } from 'node:fs';
import { withNginx, type Nginx } from './nginx.ts';
import { guideSsePool, startPhpFpm } from './php-fpm.ts';
import { fillPlaceholders } from './placeholders.ts';
import { createServerDir } from './server-dir.ts';

export interface NginxPhpFpmSetup {
  /** The nginx site file under src/snippets/nginx/. */
  site: string;
  /** The PHP script under src/snippets/php/, or `{ text }`, served as /events.php. */
  script: string | { text: string };
  /** Pool lines, e.g. output_buffering. */
  pool?: Record<string, string>;
  /** Run PHP-FPM with the guide's own pool file (src/snippets/php/pool-sse.conf). */
  guidePool?: boolean;
  /** Serve the site over TLS with HTTP/2 (the `listen` line of the HTTPS proxy config). */
  overHttp2?: boolean;
}

const repoFile = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

export async function withNginxAndPhpFpm<T>(setup: NginxPhpFpmSetup, body: (nginx: Nginx) => Promise<T>): Promise<T> {
  const docroot = createServerDir('docroot');
  docroot.write('events.php', typeof setup.script === 'string' ? repoFile(`src/snippets/php/${setup.script}`) : setup.script.text);
  const fpm = await startPhpFpm({
    ...(setup.guidePool && { pool: guideSsePool }),
    settings: setup.pool ?? {},
  });
  try {
    return await withNginx(
      {
        tls: setup.overHttp2 ?? false,
        site: ({ httpPort, httpsPort, cert }) =>
          fillPlaceholders(repoFile(`src/snippets/nginx/${setup.site}`), {
            'listen 80;': setup.overHttp2
              ? `listen 127.0.0.1:${httpsPort} ssl http2;\n    ssl_certificate ${cert!.certFile};\n    ssl_certificate_key ${cert!.keyFile};`
              : `listen 127.0.0.1:${httpPort};`,
            'sse.example.com': 'localhost',
            '/var/www/sse': docroot.root,
            'unix:/run/php/php8.2-fpm-sse.sock': `unix:${fpm.socket}`,
          }),
      },
      body,
    );
  } catch (error) {
    throw new Error(`${String(error)}\n${fpm.logs()}`, { cause: error });
  } finally {
    await fpm.stop();
    await docroot.remove();
  }
}
