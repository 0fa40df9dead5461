/**
 * The stream doctor against the Apache2 + PHP-FPM guide's setup on Debian's
 * servers: the guide's script under /sse/ gets a clean bill over HTTP/2,
 * the same site's defaults outside /sse/ get Apache (and PHP's buffer)
 * named, and the page's broken `Header unset Content-Encoding` gets the
 * compressed body without a header.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { json, runDoctor } from '../../helpers/doctor-cli.ts';
import { startApache } from '../harness/apache.ts';
import { debianDefaultModules } from '../harness/apache-modules.ts';
import { startPhpFpm } from '../harness/php-fpm.ts';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { createServerDir } from '../harness/server-dir.ts';
import { snippet, startGuideSetup, type GuideSetup } from './guide-setup.ts';

const doctor = (url: string, duration: string, ...options: string[]) =>
  runDoctor([url, '--duration', duration, '--insecure', '--json', ...options], 40_000);

describeWithServers(['apache2', 'php-fpm', 'openssl', 'curl'], 'the stream doctor on the Apache2 + PHP-FPM guide', () => {
  let setup: GuideSetup;
  beforeAll(async () => {
    setup = await startGuideSetup({ poolSettings: { 'env[SSE_INTERVAL]': '0.5', 'env[SSE_HEARTBEAT]': '0.2' } });
  }, 45_000);
  afterAll(async () => setup?.stop());

  it.concurrent("the guide's script under /sse/: a clean bill over HTTP/2, 204 on the reconnect", { timeout: 45_000 }, async () => {
    const run = await doctor(setup.apache.httpsUrl('/sse/events.php'), '10s');
    expect(run.code, run.stdout).toBe(0);
    const report = json(run);
    expect(report.findings.filter((f) => f.severity === 'problem')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'http-version')?.evidence).toEqual({ httpVersion: '2' });
    expect(report.checks.find((c) => c.id === 'reconnect')).toMatchObject({ verdict: 'pass', evidence: { status: 204 } });
    expect(report.checks.find((c) => c.id === 'heartbeat')?.verdict).toBe('pass');
  });

  it.concurrent('outside /sse/ the defaults hold every event to the end: Apache named, with PHP\'s buffer beside it', { timeout: 45_000 }, async () => {
    const run = await doctor(setup.apache.httpsUrl('/measure-ticks.php'), '10s', '--http1.1');
    expect(run.code, run.stdout).toBe(1);
    const held = json(run).findings.find((f) => f.id === 'all-at-end');
    expect(held, run.stdout).toMatchObject({
      severity: 'problem',
      layer: 'apache',
      evidence: { buffer: 'flushpackets-or-php' },
      fix: '/infrastructure/apache-php-fpm/#a-flushing-worker-for-the-streams-only',
    });
  });

  it.concurrent('DEFLATE plus Header unset Content-Encoding: gzip bytes without the header, exit 1', { timeout: 45_000 }, async () => {
    const site = createServerDir('site');
    site.write('public/measure-ticks.php', snippet('php/measure-ticks.php'));
    const fpm = await startPhpFpm({ settings: { 'php_admin_value[output_buffering]': '0' } });
    try {
      const apache = await startApache({
        modules: [...debianDefaultModules, 'proxy', 'proxy_fcgi', 'headers'],
        site: () => `DocumentRoot "${site.path('public')}"
<Directory "${site.path('public')}">
    Require all granted
</Directory>
${fillPlaceholders(snippet('apache/broken/unset-content-encoding.conf'), { '/run/php/php8.2-fpm.sock': fpm.socket })}`,
      });
      try {
        const run = await doctor(apache.url('/measure-ticks.php'), '8s');
        expect(run.code, run.stdout).toBe(1);
        expect(json(run).findings.find((f) => f.id === 'compressed-without-header'), run.stdout).toMatchObject({
          severity: 'problem',
          layer: 'compression',
          evidence: { format: 'gzip' },
        });
      } finally {
        await apache.stop();
      }
    } finally {
      await fpm.stop();
      await site.remove();
    }
  });
});
