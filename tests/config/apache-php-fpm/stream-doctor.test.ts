/**
 * The stream doctor against the Apache2 + PHP-FPM guide's setup on Debian's
 * servers: the guide's script under /sse/ gets a clean bill over HTTP/2.
 * The doctor's PHP probe (src/snippets/doctor/probe.php, which reports PHP's
 * output buffer in a header and closes it) gets each layer named on its own:
 * under /sse/ nothing, outside /sse/ the site's defaults (no flushpackets,
 * the stock pool) Apache and PHP both, the page's broken ProxyFCGISetEnvIf
 * with PHP's buffer off Apache alone. The page's broken `Header unset
 * Content-Encoding` gets the compressed body without a header.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { json, namedProblems, runDoctor, type DoctorRun } from '../../helpers/doctor-cli.ts';
import { startApache, type Apache } from '../harness/apache.ts';
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
    const probe = snippet('doctor/probe.php');
    setup = await startGuideSetup({
      poolSettings: { 'env[SSE_INTERVAL]': '0.5', 'env[SSE_HEARTBEAT]': '0.2' },
      files: { 'sse/probe.php': probe, 'probe.php': probe },
    });
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

  it.concurrent('the probe under /sse/ (flushpackets=on, PHP\'s buffer off), over HTTP/1.1: a clean bill', { timeout: 45_000 }, async () => {
    const run = await doctor(setup.apache.httpsUrl('/sse/probe.php'), '12s', '--http1.1');
    expect(namedProblems(run), run.stdout).toEqual([]);
    expect(json(run).checks.find((c) => c.id === 'buffering')).toMatchObject({ verdict: 'pass', evidence: { stamped: 1, heldEvents: 0 } });
    expect(run.code).toBe(0);
  });

  it.concurrent('the probe outside /sse/ (no flushpackets, stock pool), over HTTP/1.1: Apache and PHP each named, exit 1', { timeout: 45_000 }, async () => {
    const run = await doctor(setup.apache.httpsUrl('/probe.php'), '12s', '--http1.1');
    expect(run.code, run.stdout).toBe(1);
    expect(namedProblems(run), run.stdout).toEqual(['apache: flushpackets', 'php: output_buffering = 4096']);
    expect(json(run).findings.find((f) => f.layer === 'apache')?.fix).toBe('/infrastructure/apache-php-fpm/#a-flushing-worker-for-the-streams-only');
  });

  it.concurrent("ProxyFCGISetEnvIf instead of flushpackets, PHP's buffer off: Apache alone named, exit 1", { timeout: 45_000 }, async () => {
    const run = await withFcgiSite('apache/broken/no-fcgi-buffering.conf', ['proxy', 'proxy_fcgi'], (apache) => doctor(apache.url('/probe.php'), '12s'));
    expect(run.code, run.stdout).toBe(1);
    expect(namedProblems(run), run.stdout).toEqual(['apache: flushpackets']);
  });

  it.concurrent('DEFLATE plus Header unset Content-Encoding: gzip bytes without the header, exit 1', { timeout: 45_000 }, async () => {
    const run = await withFcgiSite('apache/broken/unset-content-encoding.conf', ['proxy', 'proxy_fcgi', 'headers'], (apache) =>
      doctor(apache.url('/measure-ticks.php'), '8s'),
    );
    expect(run.code, run.stdout).toBe(1);
    expect(json(run).findings.find((f) => f.id === 'compressed-without-header'), run.stdout).toMatchObject({
      severity: 'problem',
      layer: 'compression',
      evidence: { format: 'gzip' },
    });
  });
});

/**
 * Apache with one of the page's broken site snippets in front of PHP-FPM with
 * PHP's output buffer off, serving the measuring script and the probe.
 */
async function withFcgiSite(conf: string, modules: string[], body: (apache: Apache) => Promise<DoctorRun>): Promise<DoctorRun> {
  const site = createServerDir('site');
  site.write('public/measure-ticks.php', snippet('php/measure-ticks.php'));
  site.write('public/probe.php', snippet('doctor/probe.php'));
  const fpm = await startPhpFpm({ settings: { 'php_admin_value[output_buffering]': '0' } });
  try {
    const apache = await startApache({
      modules: [...debianDefaultModules, ...modules],
      site: () => `DocumentRoot "${site.path('public')}"
<Directory "${site.path('public')}">
    Require all granted
</Directory>
${fillPlaceholders(snippet(conf), { '/run/php/php8.2-fpm.sock': fpm.socket })}`,
    });
    try {
      return await body(apache);
    } finally {
      await apache.stop();
    }
  } finally {
    await fpm.stop();
    await site.remove();
  }
}
