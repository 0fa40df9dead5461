/**
 * The stream doctor against Debian's nginx running the nginx guide's files:
 * each broken variant gets the diagnosis that names nginx and the setting,
 * the guide's config a clean bill. Behind nginx sits a probe in the doctor's
 * probe format (tests/helpers/probe-server.ts), so delays are measured, the
 * guide's own backend where the test needs silence, or PHP-FPM running the
 * PHP guide's scripts.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { expect, it } from 'vitest';
import { json, runDoctor } from '../helpers/doctor-cli.ts';
import { probeHandler } from '../helpers/probe-server.ts';
import { withNginx } from './harness/nginx.ts';
import { startNodeScript } from './harness/node-script.ts';
import { withNginxAndPhpFpm } from './harness/nginx-php-fpm.ts';
import { fillPlaceholders } from './harness/placeholders.ts';
import { describeWithServers } from './harness/requirements.ts';

/** 16 probe events: 4 s, 11 KiB, more than an nginx buffer of 4 or 8 KiB. */
const PROBE_EVENTS = 16;

function site(file: string, backend: string) {
  const text = readFileSync(new URL(`../../src/snippets/nginx/${file}`, import.meta.url), 'utf8');
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
    const run = await withProbe((probe) => withNginx({ site: site('sse-proxy.conf', probe) }, (nginx) => doctor(nginx.url('/events'), '8s')));
    const report = json(run);
    expect(report.findings.filter((f) => f.severity === 'problem'), run.stderr).toEqual([]);
    expect(report.checks.find((c) => c.id === 'buffering')).toMatchObject({ verdict: 'pass', evidence: { stamped: 1, heldEvents: 0 } });
    expect(run.code).toBe(0);
  });

  it.concurrent('a plain reverse proxy (proxy_buffering on): nginx and its buffer named, exit 1', { timeout: 45_000 }, async () => {
    const run = await withProbe((probe) => withNginx({ site: site('broken/proxy-defaults.conf', probe) }, (nginx) => doctor(nginx.url('/events'), '8s')));
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
      const run = await withNginx({ site: site('broken/proxy-read-timeout-5s.conf', backend.address) }, (nginx) => doctor(nginx.url('/events'), '9s'));
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
 * The PHP guide's measuring script (five events a second apart, flush()
 * after each) is too small to fill a buffer, so the doctor cannot tell
 * nginx's FastCGI buffer from PHP's output buffer by size: it names both.
 */
describeWithServers(['nginx', 'php-fpm'], 'the stream doctor names what nginx and PHP-FPM do to a stream', () => {
  it.concurrent('the usual PHP location (fastcgi_buffering on): nginx named, with PHP\'s buffer beside it, exit 1', { timeout: 45_000 }, async () => {
    const run = await withNginxAndPhpFpm(
      { site: 'broken/fastcgi-defaults.conf', script: 'measure-ticks.php', pool: { 'php_admin_value[output_buffering]': '0' } },
      (nginx) => doctor(nginx.url('/events.php'), '8s'),
    );
    expect(run.code, run.stdout).toBe(1);
    const held = json(run).findings.find((f) => f.id === 'all-at-end');
    expect(held, run.stdout).toMatchObject({ severity: 'problem', layer: 'nginx', evidence: { buffer: 'fastcgi_buffering-or-php' }, fix: '/infrastructure/nginx/#the-usual-php-location' });
  });

  it.concurrent("the guide's files together (site, pool, script): a clean bill, 204 on the reconnect", { timeout: 45_000 }, async () => {
    const run = await withNginxAndPhpFpm(
      { site: 'sse-php-fpm.conf', script: 'events.php', guidePool: true, pool: { 'env[SSE_INTERVAL]': '0.5' } },
      (nginx) => doctor(nginx.url('/events.php'), '10s'),
    );
    expect(run.code, run.stdout).toBe(0);
    const report = json(run);
    expect(report.findings.filter((f) => f.severity === 'problem')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'reconnect')).toMatchObject({ verdict: 'pass', evidence: { status: 204 } });
    expect(report.checks.find((c) => c.id === 'buffering')?.verdict).toBe('pass');
  });
});
