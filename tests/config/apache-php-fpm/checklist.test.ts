/**
 * The checklist's module step, run as a reader runs it: enable-modules.sh,
 * unchanged, with Debian's own a2enmod, a2dismod, a2ensite and apachectl,
 * against a copy of /etc/apache2 reset to what a fresh `apt-get install
 * apache2` enables, with the guide's sse.conf in sites-available. The
 * script must succeed (it runs under `set -e`), `apachectl configtest`
 * must accept the result, and the modules it leaves enabled are the ones
 * the other config tests load (modulesAfter).
 *
 * The copy of /etc/apache2 and the stand-in systemctl come from
 * harness/debian-apache-confdir.ts.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { modulesAfter } from '../harness/apache-modules.ts';
import { freshDebianApacheConfdir, type DebianApacheConfdir } from '../harness/debian-apache-confdir.ts';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { createServerDir, type ServerDir } from '../harness/server-dir.ts';
import { makeSelfSignedCert } from '../harness/tls.ts';
import { snippet } from './guide-setup.ts';

const run = promisify(execFile);

describeWithServers(['apache2', 'openssl'], "the checklist's enable-modules.sh on Debian's /etc/apache2", () => {
  let dir: ServerDir;
  let etc: DebianApacheConfdir;
  let confdir: string;
  let output = '';
  beforeAll(async () => {
    dir = createServerDir('etc-apache2');
    etc = freshDebianApacheConfdir(dir);
    confdir = etc.confdir;
    const cert = makeSelfSignedCert(dir);
    dir.mkdir('www/public');
    writeFileSync(
      `${confdir}/sites-available/sse.conf`,
      fillPlaceholders(snippet('apache/sse.conf'), {
        '/etc/letsencrypt/live/sse.example.com/fullchain.pem': cert.certFile,
        '/etc/letsencrypt/live/sse.example.com/privkey.pem': cert.keyFile,
        '/var/www/sse': dir.path('www'),
      }),
    );
    output = await etc.run(dir.write('enable-modules.sh', snippet('apache/enable-modules.sh')));
  });
  afterAll(async () => dir?.remove());

  it('runs to the end and apachectl configtest says Syntax OK', () => {
    expect(output).toContain('Syntax OK');
    expect(etc.systemctlCalls()).toEqual(['restart php8.2-fpm apache2']);
  });

  it('leaves exactly the modules enabled that the config tests load', () => {
    const enabled = readdirSync(`${confdir}/mods-enabled`)
      .filter((name) => name.endsWith('.load'))
      .map((name) => name.replace(/\.load$/, ''));
    expect(enabled.sort()).toEqual(modulesAfter(snippet('apache/enable-modules.sh')).sort());
    expect(enabled).toContain('mpm_event');
    expect(enabled).not.toContain('mpm_prefork');
  });

  it('enables the guide site in place of the default one', () => {
    expect(readdirSync(`${confdir}/sites-enabled`)).toEqual(['sse.conf']);
  });
});

describeWithServers([], "the checklist's shell files", () => {
  for (const file of ['apache/install.sh', 'apache/enable-modules.sh']) {
    it(`${file} is valid POSIX sh and stops at the first failing command`, async () => {
      const path = new URL(`../../../src/snippets/${file}`, import.meta.url);
      await run('/bin/sh', ['-n', path.pathname]);
      expect(readFileSync(path, 'utf8')).toMatch(/^#!\/bin\/sh\n(#.*\n)*set -e\n/);
    });
  }
});
