/**
 * nginx (a site file of the nginx page) in front of PHP-FPM, as on the
 * reader's server: two pools, a stand-in for Debian's www pool (stock
 * settings) for the normal pages and the pool under test for the streams
 * (/sse/*.php), last, so `pool` settings go to it. The PHP script is served
 * as /sse/events.php; everything on free ports and in temp dirs.
 *
 *   const stream = await withNginxAndPhpFpm(
 *     { site: 'nginx/sse-php-fpm.conf', script: 'php/events.php', guidePool: true },
 *     (nginx) => measureArrivals(nginx.url('/sse/events.php')),
 *   );
 */
import { snippet } from '../../helpers/snippets.ts';
import { withNginx, type Nginx, type NginxPorts } from './nginx.ts';
import { guideSsePool, startPhpFpm, type PhpFpm } from './php-fpm.ts';
import { fillPlaceholders } from './placeholders.ts';
import { createServerDir, type ServerDir } from './server-dir.ts';

export interface NginxPhpFpmSetup {
  /** The nginx site file, named as under src/snippets/ (`nginx/sse-php-fpm.conf`). */
  site: string;
  /** The PHP script, named as under src/snippets/ (`php/measure-ticks.php`), or `{ text }`, served as /sse/events.php. */
  script: string | { text: string };
  /** Pool lines for the stream pool, e.g. output_buffering. */
  pool?: Record<string, string>;
  /** Run the stream pool from the guide's own pool file (src/snippets/php/pool-sse.conf). */
  guidePool?: boolean;
  /** Serve the site over TLS with HTTP/2 (the `listen` line of the HTTPS proxy config). */
  overHttp2?: boolean;
}

export interface FastCgiSetup {
  docroot: ServerDir;
  fpm: PhpFpm;
  /** The site file with its placeholders filled for this nginx. */
  site: (ports: NginxPorts) => string;
  stop(): Promise<void>;
}

/** The www pool's stand-in, then the stream pool (the guide's pool file, or a small one). */
function pools(guidePool: boolean) {
  return (socket: string, dir: ServerDir): string => `[www]
listen = ${dir.path('www.sock')}
pm = static
pm.max_children = 2

${guidePool ? guideSsePool(socket) : `[sse]\nlisten = ${socket}\npm = static\npm.max_children = 4\n`}`;
}

/** PHP-FPM with both pools and a document root holding `files`; the site to give nginx. */
export async function startFastCgi(setup: Omit<NginxPhpFpmSetup, 'script'> & { files: Record<string, string> }): Promise<FastCgiSetup> {
  const docroot = createServerDir('docroot');
  for (const [path, text] of Object.entries(setup.files)) docroot.write(path, text);
  const fpm = await startPhpFpm({ pool: pools(setup.guidePool ?? false), settings: setup.pool ?? {} });
  const text = snippet(setup.site);
  const normalSocket = 'unix:/run/php/php8.2-fpm.sock';
  return {
    docroot,
    fpm,
    site: ({ httpPort, httpsPort, cert }) =>
      fillPlaceholders(text, {
        'listen 80;': setup.overHttp2
          ? `listen 127.0.0.1:${httpsPort} ssl http2;\n    ssl_certificate ${cert!.certFile};\n    ssl_certificate_key ${cert!.keyFile};`
          : `listen 127.0.0.1:${httpPort};`,
        'sse.example.com': 'localhost',
        '/var/www/sse/public': docroot.root,
        'unix:/run/php/php8.2-fpm-sse.sock': `unix:${fpm.socket}`,
        // The broken file has only the one PHP location, on the stream socket.
        ...(text.includes(normalSocket) && { [normalSocket]: `unix:${fpm.dir.path('www.sock')}` }),
      }),
    async stop() {
      await fpm.stop();
      await docroot.remove();
    },
  };
}

/** Runs `body` against nginx in front of PHP-FPM serving `setup.script` as /sse/events.php; stops both after. */
export async function withNginxAndPhpFpm<T>(setup: NginxPhpFpmSetup, body: (nginx: Nginx) => Promise<T>): Promise<T> {
  const script = typeof setup.script === 'string' ? snippet(setup.script) : setup.script.text;
  const fastCgi = await startFastCgi({ ...setup, files: { 'sse/events.php': script } });
  try {
    return await withNginx({ tls: setup.overHttp2 ?? false, site: fastCgi.site }, body);
  } catch (error) {
    throw new Error(`${String(error)}\n${fastCgi.fpm.logs()}`, { cause: error });
  } finally {
    await fastCgi.stop();
  }
}
