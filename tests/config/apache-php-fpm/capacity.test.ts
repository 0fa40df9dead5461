/**
 * What one open stream costs: it holds one PHP-FPM worker and one Apache
 * worker thread until it ends. With two of either, a third stream waits
 * until one of the first two has finished, so the number of streams open
 * at once is about min(MaxRequestWorkers, pm.max_children).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApache, type Apache } from '../harness/apache.ts';
import { debianDefaultModules } from '../harness/apache-modules.ts';
import { measureArrivals } from '../harness/arrivals.ts';
import { printLogsOnFailure } from '../harness/failure-logs.ts';
import { startPhpFpm, type PhpFpm } from '../harness/php-fpm.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { createServerDir, type ServerDir } from '../harness/server-dir.ts';
import { snippet } from './guide-setup.ts';

/** Opens three streams 200 ms apart; resolves how long each waited for its first event. */
async function firstEventWaits(url: string): Promise<number[]> {
  const streams = [0, 200, 400].map(async (delay) => {
    await new Promise((resolve) => setTimeout(resolve, delay));
    const stream = await measureArrivals(url, { client: 'node-http1', timeoutMs: 20_000 });
    expect(stream.arrivals).toHaveLength(5);
    return stream.arrivals[0]!.arrivedAt - stream.startedAt;
  });
  return Promise.all(streams);
}

const site = (root: ServerDir, socket: string, mpm = ''): string => `${mpm}
DocumentRoot "${root.path('public')}"
<Directory "${root.path('public')}">
    Require all granted
</Directory>
<FilesMatch "\\.php$">
    SetHandler "proxy:unix:${socket}|fcgi://localhost/"
</FilesMatch>
<Proxy "fcgi://localhost/">
    ProxySet flushpackets=on
</Proxy>`;

describeWithServers(
  ['apache2', 'php-fpm'],
  'capacity of Apache2 + PHP-FPM for open streams',
  () => {
    let root: ServerDir;
    let twoFpmWorkers: PhpFpm;
    let manyFpmWorkers: PhpFpm;
    let fpmBound: Apache;
    let apacheBound: Apache;
    beforeAll(async () => {
      root = createServerDir('site');
      root.write('public/measure-ticks.php', snippet('php/measure-ticks.php'));
      const unbuffered = 'php_admin_value[output_buffering] = 0';
      [twoFpmWorkers, manyFpmWorkers] = await Promise.all([
        startPhpFpm({ pool: (socket) => `[two]\nlisten = ${socket}\npm = static\npm.max_children = 2\n${unbuffered}\n` }),
        startPhpFpm({ pool: (socket) => `[many]\nlisten = ${socket}\npm = static\npm.max_children = 6\n${unbuffered}\n` }),
      ]);
      const modules = [...debianDefaultModules, 'proxy', 'proxy_fcgi'];
      [fpmBound, apacheBound] = await Promise.all([
        startApache({ modules, site: () => site(root, twoFpmWorkers.socket) }),
        // After Debian's mpm_event.conf: one child with two worker threads.
        startApache({
          modules,
          site: () =>
            site(root, manyFpmWorkers.socket, 'ServerLimit 1\nStartServers 1\nThreadsPerChild 2\nThreadLimit 2\nMinSpareThreads 1\nMaxSpareThreads 2\nMaxRequestWorkers 2'),
        }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([fpmBound?.stop(), apacheBound?.stop()]);
      await Promise.all([twoFpmWorkers?.stop(), manyFpmWorkers?.stop()]);
      await root?.remove();
    });
    printLogsOnFailure(() => `${fpmBound.logs()}\n${apacheBound.logs()}\n${twoFpmWorkers.logs()}\n${manyFpmWorkers.logs()}`);

    it('with pm.max_children = 2, a third stream waits until one of the first two has ended', async () => {
      const [first, second, third] = await firstEventWaits(fpmBound.url('/measure-ticks.php'));
      expect(first).toBeLessThan(2_000);
      expect(second).toBeLessThan(2_000);
      expect(third).toBeGreaterThan(3_000);
    });

    it('with MaxRequestWorkers 2, a third stream waits too, however many PHP workers are free', async () => {
      const [first, second, third] = await firstEventWaits(apacheBound.url('/measure-ticks.php'));
      expect(first).toBeLessThan(2_000);
      expect(second).toBeLessThan(2_000);
      expect(third).toBeGreaterThan(3_000);
    });
  },
  { concurrent: true },
);
