/**
 * The stream doctor against Debian's nginx running the nginx guide's files:
 * each broken variant gets the diagnosis that names nginx and the setting,
 * the guide's config a clean bill. Behind nginx sits a probe in the doctor's
 * probe format (tests/helpers/probe-server.ts), so delays are measured, the
 * guide's own backend where the test needs silence, or PHP-FPM running the
 * doctor's PHP probe (and the PHP guide's script for the clean bill).
 */
import { createServer, type Server } from 'node:http';
import { expect, it } from 'vitest';
import { snippet } from '../helpers/snippets.ts';
import { json, namedProblems, runDoctor } from '../helpers/doctor-cli.ts';
import { probeHandler } from '../helpers/probe-server.ts';
import { withNginx } from './harness/nginx.ts';
import { startNodeScript } from './harness/node-script.ts';
import { withNginxAndPhpFpm } from './harness/nginx-php-fpm.ts';
import { fillPlaceholders } from './harness/placeholders.ts';
import { describeWithServers } from './harness/requirements.ts';

/** 16 probe events: 4 s, 11 KiB, more than an nginx buffer of 4 or 8 KiB. */
const PROBE_EVENTS = 16;

function site(file: string, backend: string) {
  const text = snippet(file);
  return ({ httpPort }: { httpPort: number }): string =>
    fillPlaceholders(text, { 'listen 80;': `listen 127.0.0.1:${httpPort};`, 'sse.example.com': 'localhost', '127.0.0.1:3000': backend });
}

async function withProbe<T>(body: (address: string) => Promise<T>): Promise<T> {
  const server: Server = createServer(probeHandler(PROBE_EVENTS));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await body(`127.0.0.1:${(server.address() as { port: number }).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const doctor = (url: string, duration: string) => runDoctor([url, '--duration', duration, '--json'], 40_000);

describeWithServers(['nginx'], 'the stream doctor names what nginx does to a stream', () => {
  it.concurrent("the guide's proxy config (sse-proxy.conf): a clean bill", { timeout: 45_000 }, async () => {
    const run = await withProbe((probe) => withNginx({ site: site('nginx/sse-proxy.conf', probe) }, (nginx) => doctor(nginx.url('/events'), '8s')));
    const report = json(run);
    expect(report.findings.filter((f) => f.severity === 'problem'), run.stderr).toEqual([]);
    expect(report.checks.find((c) => c.id === 'buffering')).toMatchObject({ verdict: 'pass', evidence: { stamped: 1, heldEvents: 0 } });
    expect(run.code).toBe(0);
  });

  it.concurrent('a plain reverse proxy (proxy_buffering on): nginx and its buffer named, exit 1', { timeout: 45_000 }, async () => {
    const run = await withProbe((probe) => withNginx({ site: site('nginx/broken/proxy-defaults.conf', probe) }, (nginx) => doctor(nginx.url('/events'), '8s')));
    expect(run.code, run.stdout).toBe(1);
    const buffering = json(run).findings.filter((f) => f.severity === 'problem' && f.layer === 'nginx');
    expect(buffering, run.stdout).not.toEqual([]);
    expect(buffering[0]!.evidence['buffer']).toBe('proxy_buffering');
    expect(buffering[0]!.fix).toBe('/infrastructure/nginx/#the-plain-reverse-proxy');
  });

  it.concurrent('a read timeout shorter than the silence: the idle cut, named nginx, exit 1', { timeout: 45_000 }, async () => {
    // The guide's backend: headers at once, then nothing for 10 s, no heartbeat.
    const backend = await startNodeScript('src/snippets/nginx/backend.mjs', { TICK_MS: '10000', HEARTBEAT_MS: '0' });
    try {
      const run = await withNginx({ site: site('nginx/broken/proxy-read-timeout-5s.conf', backend.address) }, (nginx) => doctor(nginx.url('/events'), '9s'));
      expect(run.code, run.stdout).toBe(1);
      const cut = json(run).findings.find((f) => f.id === 'idle-cut');
      expect(cut, run.stdout).toMatchObject({ severity: 'problem', layer: 'nginx', fix: '/infrastructure/nginx/#a-read-timeout-shorter-than-the-silence' });
      expect(cut!.evidence['silenceMs']).toBeGreaterThanOrEqual(4500);
      expect(cut!.evidence['silenceMs']).toBeLessThan(7000);
    } finally {
      await backend.stop();
    }
  });
});

/**
 * Behind nginx sits PHP-FPM running the doctor's PHP probe
 * (src/snippets/doctor/probe.php) as the reader would: it reports PHP's
 * output buffer in a header and closes it, so each layer is named on its
 * own. The pool under test is Debian's stock one (output_buffering = 4096)
 * unless the variant switches PHP's buffer off.
 */
describeWithServers(['nginx', 'php-fpm'], 'the stream doctor names what nginx and PHP-FPM do to a stream', () => {
  const phpBufferOff = { 'php_admin_value[output_buffering]': '0' };
  const probe = (site: string, pool: Record<string, string> = {}) =>
    withNginxAndPhpFpm({ site, script: 'doctor/probe.php', pool }, (nginx) => doctor(nginx.url('/sse/events.php'), '12s'));

  it.concurrent('the usual PHP location (fastcgi_buffering on), PHP\'s buffer off: nginx\'s fastcgi_buffering alone, exit 1', { timeout: 45_000 }, async () => {
    const run = await probe('nginx/broken/fastcgi-defaults.conf', phpBufferOff);
    expect(run.code, run.stdout).toBe(1);
    expect(namedProblems(run), run.stdout).toEqual(['nginx: fastcgi_buffering']);
    expect(json(run).findings.find((f) => f.layer === 'nginx')?.fix).toBe('/infrastructure/nginx/#the-usual-php-location');
  });

  it.concurrent("the guide's site (fastcgi_buffering off), stock pool: PHP's output_buffering = 4096 alone, exit 1", { timeout: 45_000 }, async () => {
    const run = await probe('nginx/sse-php-fpm.conf');
    expect(run.code, run.stdout).toBe(1);
    expect(namedProblems(run), run.stdout).toEqual(['php: output_buffering = 4096']);
    expect(json(run).checks.find((c) => c.id === 'buffering')?.evidence).toMatchObject({ stamped: 1, heldEvents: 0 });
  });

  it.concurrent('both left at their defaults: both named, each with its setting', { timeout: 45_000 }, async () => {
    const run = await probe('nginx/broken/fastcgi-defaults.conf');
    expect(run.code, run.stdout).toBe(1);
    expect(namedProblems(run), run.stdout).toEqual(['nginx: fastcgi_buffering', 'php: output_buffering = 4096']);
  });

  it.concurrent("the guide's site with PHP's buffer off: a clean bill for the probe", { timeout: 45_000 }, async () => {
    const run = await probe('nginx/sse-php-fpm.conf', phpBufferOff);
    expect(namedProblems(run), run.stdout).toEqual([]);
    expect(json(run).checks.find((c) => c.id === 'buffering')).toMatchObject({ verdict: 'pass', evidence: { stamped: 1, heldEvents: 0 } });
    expect(run.code).toBe(0);
  });

  it.concurrent("the guide's files together (site, pool, script): a clean bill, 204 on the reconnect", { timeout: 45_000 }, async () => {
    const run = await withNginxAndPhpFpm(
      { site: 'nginx/sse-php-fpm.conf', script: 'php/events.php', guidePool: true, pool: { 'env[SSE_INTERVAL]': '0.5' } },
      (nginx) => doctor(nginx.url('/sse/events.php'), '10s'),
    );
    expect(run.code, run.stdout).toBe(0);
    const report = json(run);
    expect(report.findings.filter((f) => f.severity === 'problem')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'reconnect')).toMatchObject({ verdict: 'pass', evidence: { status: 204 } });
    expect(report.checks.find((c) => c.id === 'buffering')?.verdict).toBe('pass');
  });
});
