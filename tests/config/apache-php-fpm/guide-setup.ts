/**
 * The Apache2 + PHP-FPM guide's setup, from the files the page shows:
 *
 * - modules: Debian's defaults after src/snippets/apache/enable-modules.sh
 * - site:    src/snippets/apache/sse.conf, placeholders filled
 * - PHP-FPM: a stand-in for Debian's www pool (stock php.ini) plus the
 *            guide's src/snippets/php/pool-sse.conf (www-data becomes the
 *            user the test servers run as)
 * - scripts: src/snippets/php/events.php at /sse/events.php, and the
 *            measuring script at /sse/measure-ticks.php and /measure-ticks.php
 *            (outside /sse/, where the site's defaults apply)
 *
 *   const setup = await startGuideSetup({ serverConfig: 'LogLevel debug' });
 *   setup.apache.httpsUrl('/sse/events.php');
 *   await setup.stop();
 *
 * `serverConfig` goes into the server config before the site (what else a
 * reader's server may have); `poolSettings` are appended to the sse pool
 * (env[...] for the script's speed-ups, an access log).
 */
import { startApache, type Apache } from '../harness/apache.ts';
import { modulesAfter } from '../harness/apache-modules.ts';
import { startPhpFpm, type PhpFpm } from '../harness/php-fpm.ts';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { createServerDir, serverUserNames, type ServerDir } from '../harness/server-dir.ts';
import { snippet } from '../../helpers/snippets.ts';

export { snippet };


export interface GuideSetup {
  apache: Apache;
  fpm: PhpFpm;
  site: ServerDir;
  /** The sse pool's socket. */
  sseSocket: string;
  logs(): string;
  stop(): Promise<void>;
}

export interface GuideSetupOptions {
  serverConfig?: string;
  poolSettings?: Record<string, string> | ((dir: ServerDir) => Record<string, string>);
  /** Replaces src/snippets/apache/sse.conf, e.g. to leave a part out. */
  siteConfig?: string;
  /** More files for the document root: path below public/ → content. */
  files?: Record<string, string>;
  /** Modules beyond the guide's (a2enmod names, with their dependencies). */
  extraModules?: string[];
}

export async function startGuideSetup(options: GuideSetupOptions = {}): Promise<GuideSetup> {
  const site = createServerDir('site');
  site.write('public/sse/events.php', snippet('php/events.php'));
  site.write('public/sse/measure-ticks.php', snippet('php/measure-ticks.php'));
  site.write('public/measure-ticks.php', snippet('php/measure-ticks.php'));
  for (const [path, content] of Object.entries(options.files ?? {})) site.write(`public/${path}`, content);

  const fpm = await startPhpFpm({
    pool: (socket, dir) => `; Stand-in for Debian's www pool (/etc/php/8.2/fpm/pool.d/www.conf)
[www]
listen = ${socket}
pm = static
pm.max_children = 4

${fillPlaceholders(snippet('php/pool-sse.conf'), {
  '/run/php/php8.2-fpm-sse.sock': dir.path('sse.sock'),
  'listen.owner = www-data': `listen.owner = ${serverUserNames.user}`,
  'listen.group = www-data': `listen.group = ${serverUserNames.group}`,
  'user = www-data': `user = ${serverUserNames.user}`,
  'group = www-data': `group = ${serverUserNames.group}`,
})}`,
    settings: options.poolSettings ?? {},
  });
  const sseSocket = fpm.dir.path('sse.sock');

  let apache: Apache;
  try {
    apache = await startApache({
      modules: modulesAfter(
        `${snippet('apache/enable-modules.sh')}\n${options.extraModules ? `a2enmod ${options.extraModules.join(' ')}` : ''}`,
      ),
      tls: true,
      site: ({ httpPort, httpsPort, cert }) =>
        `${options.serverConfig ?? ''}\n` +
        fillPlaceholders(options.siteConfig ?? snippet('apache/sse.conf'), {
          '/etc/letsencrypt/live/sse.example.com/fullchain.pem': cert!.certFile,
          '/etc/letsencrypt/live/sse.example.com/privkey.pem': cert!.keyFile,
          'sse.example.com': 'localhost',
          '/var/www/sse': site.root,
          '/run/php/php8.2-fpm-sse.sock': sseSocket,
          '/run/php/php8.2-fpm.sock': fpm.socket,
          '*:80': `*:${httpPort}`,
          '*:443': `*:${httpsPort}`,
        }),
    });
  } catch (error) {
    await fpm.stop();
    await site.remove();
    throw new Error(`${(error as Error).message}\n${fpm.logs()}`);
  }
  return {
    apache,
    fpm,
    site,
    sseSocket,
    logs: () => `${apache.logs()}\n${fpm.logs()}`,
    async stop() {
      await apache.stop();
      await fpm.stop();
      await site.remove();
    },
  };
}
