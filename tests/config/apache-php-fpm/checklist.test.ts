/**
 * The Apache2 + PHP-FPM page followed literally: every step the page gives
 * (harness/page-steps.ts: save each file where its title or the text says,
 * run each shell file it shows, in the page's order) against a copy of
 * Debian's /etc/apache2 and /etc/php/8.2/fpm, with Apache and PHP-FPM
 * running as a fresh `apt-get install apache2 php-fpm` leaves them.
 * enable-modules.sh runs unchanged with Debian's own a2enmod, a2dismod,
 * a2ensite and apachectl (they honour APACHE_CONFDIR, so nothing outside
 * the copy is touched); its `systemctl restart` restarts the test's servers
 * from the copy; watch-stream.sh's curl is the request the test measures.
 * A step in the wrong place (the modules script shown before the site file
 * exists: `a2ensite` stops) or left out fails here.
 *
 * install.sh is not run (the packages are installed on the test machine);
 * the certificate certbot would fetch is a self-signed one at the same path.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/ports.ts';
import { modulesAfter } from '../harness/apache-modules.ts';
import { arrivalPattern, describeArrivals } from '../harness/arrivals.ts';
import { createDebianRoot, type DebianRoot } from '../harness/debian-root.ts';
import {
  asServerUser,
  measureRequestedStream,
  prepareDebianApache,
  prepareDebianPhpFpm,
  startServices,
  type Services,
} from '../harness/debian-services.ts';
import { printLogsOnFailure } from '../harness/failure-logs.ts';
import { pageSteps, type PageStep } from '../harness/page-steps.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { makeSelfSignedCert } from '../harness/tls.ts';
import { snippet, snippetPath } from '../../helpers/snippets.ts';

const run = promisify(execFile);
const page = 'content/docs/infrastructure/apache-php-fpm.mdx';
const germanPage = 'content/docs/de/infrastructure/apache-php-fpm.mdx';

describeWithServers(['apache2', 'php-fpm', 'openssl'], "the Apache2 + PHP-FPM page's checklist, followed step by step", () => {
  let root: DebianRoot;
  let services: Services | undefined;
  let steps: PageStep[];
  const outputs: string[] = [];
  let requested: ReturnType<typeof measureRequestedStream> | undefined;
  beforeAll(async () => {
    root = createDebianRoot(['/etc/apache2', '/etc/mime.types', '/etc/php/8.2/fpm']);
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const apache = prepareDebianApache(root, { httpPort, httpsPort });
    const cert = makeSelfSignedCert(root.dir);
    root.save('/etc/letsencrypt/live/sse.example.com/fullchain.pem', readFileSync(cert.certFile, 'utf8'));
    root.save('/etc/letsencrypt/live/sse.example.com/privkey.pem', readFileSync(cert.keyFile, 'utf8'));
    requested = measureRequestedStream({ http: httpPort, https: httpsPort }, { timeoutMs: 12_000 });
    services = await startServices(
      root,
      { apache2: apache.start, 'php8.2-fpm': prepareDebianPhpFpm(root) },
      ['php8.2-fpm', 'apache2'],
      requested.onRequest,
    );
    steps = pageSteps(page);
    for (const step of steps) {
      if (step.kind === 'run') {
        outputs.push(await root.runSnippet(step.file, services.bin, apache.toolEnv));
        continue;
      }
      const text = asServerUser(snippet(step.file))
        .replaceAll('*:80', `*:${httpPort}`)
        .replaceAll('*:443', `*:${httpsPort}`);
      root.save(step.destination, text);
    }
  }, 60_000);
  afterAll(async () => {
    await services?.stop();
    await root?.remove();
  });
  printLogsOnFailure(() => `steps ${JSON.stringify(steps)}\n${outputs.join('\n')}\n${services?.logs() ?? ''}`);

  let attempts = 0;
  it('streams every event on time at the URL of the last step', { retry: 2 }, async () => {
    // A retry (a busy machine stalled a process) repeats the steps' request, not the steps.
    attempts += 1;
    if (attempts > 1 && requested?.measured()) await requested.onRequest(['-N', requested.measured()!.url]);
    const measured = requested?.measured();
    expect(measured, 'the steps never request the stream').toBeDefined();
    const { url, stream } = measured!;
    expect(url).toBe('https://sse.example.com/sse/events.php');
    const ticks = stream.arrivals.filter((arrival) => arrival.event.type === 'tick');
    expect(stream.status, describeArrivals(stream)).toBe(200);
    expect(ticks, describeArrivals(stream)).toHaveLength(5);
    expect(arrivalPattern(ticks), describeArrivals(stream)).toBe('one by one');
  });

  it('runs enable-modules.sh to the end: apachectl configtest says Syntax OK, both services restart', () => {
    expect(outputs.join('\n')).toContain('Syntax OK');
    expect(services!.calls).toEqual(['restart php8.2-fpm apache2']);
  });

  it('leaves exactly the modules enabled that the other config tests load', () => {
    const enabled = readdirSync(root.path('/etc/apache2/mods-enabled'))
      .filter((name) => name.endsWith('.load'))
      .map((name) => name.replace(/\.load$/, ''));
    expect(enabled.sort()).toEqual(modulesAfter(snippet('apache/enable-modules.sh')).sort());
    expect(enabled).toContain('mpm_event');
    expect(enabled).not.toContain('mpm_prefork');
  });

  it('enables the guide site in place of the default one', () => {
    expect(readdirSync(root.path('/etc/apache2/sites-enabled'))).toEqual(['sse.conf']);
  });
});

describe("the checklist's shell files", () => {
  it('the German page gives the same steps in the same order', () => {
    expect(pageSteps(germanPage)).toEqual(pageSteps(page));
  });

  for (const file of ['apache/install.sh', 'apache/enable-modules.sh', 'apache/watch-stream.sh', 'nginx/steps-proxy.sh', 'nginx/steps-php-fpm.sh']) {
    it(`${file} is valid POSIX sh and stops at the first failing command`, async () => {
      await run('/bin/sh', ['-n', snippetPath(file)]);
      expect(snippet(file)).toMatch(/^#!\/bin\/sh\n(#.*\n)*set -e\n/);
    });
  }

  it('install.sh runs unattended: certbot is told not to ask for an email address or the terms', () => {
    const certbot = snippet('apache/install.sh').replace(/\\\n\s*/g, ' ').split('\n').filter((line) => /^certbot /.test(line));
    expect(certbot).not.toHaveLength(0);
    for (const line of certbot) {
      expect(line).toMatch(/ --non-interactive\b/);
      expect(line).toMatch(/ --agree-tos\b/);
      expect(line).toMatch(/ --email \S+@\S+/);
    }
  });
});
