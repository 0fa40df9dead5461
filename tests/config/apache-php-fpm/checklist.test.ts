/**
 * The checklist's module step, run as a reader runs it: enable-modules.sh,
 * unchanged, with Debian's own a2enmod, a2dismod, a2ensite and apachectl,
 * against a copy of /etc/apache2 reset to what a fresh `apt-get install
 * apache2` enables, with the guide's sse.conf in sites-available. The
 * script must succeed (it runs under `set -e`), `apachectl configtest`
 * must accept the result, and the modules it leaves enabled are the ones
 * the other config tests load (modulesAfter).
 *
 * Debian's tools honour APACHE_CONFDIR, APACHE_STATE_DIRECTORY and
 * APACHE_ENVVARS, so nothing outside the temp dir is touched; systemctl is a
 * stand-in that records its arguments.
 */
import { execFile } from 'node:child_process';
import { cpSync, readdirSync, rmSync, symlinkSync, existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { debianDefaultModules, modulesAfter } from '../harness/apache-modules.ts';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { createServerDir, type ServerDir } from '../harness/server-dir.ts';
import { makeSelfSignedCert } from '../harness/tls.ts';
import { snippet } from './guide-setup.ts';

const run = promisify(execFile);

describeWithServers(['apache2', 'openssl'], "the checklist's enable-modules.sh on Debian's /etc/apache2", () => {
  let dir: ServerDir;
  let confdir: string;
  let output = '';
  beforeAll(async () => {
    dir = createServerDir('etc-apache2');
    confdir = dir.path('apache2');
    cpSync('/etc/apache2', confdir, { recursive: true, verbatimSymlinks: true });
    // A fresh installation's state: Debian's default modules and site.
    for (const folder of ['mods-enabled', 'sites-enabled']) {
      for (const name of readdirSync(`${confdir}/${folder}`)) rmSync(`${confdir}/${folder}/${name}`);
    }
    for (const name of debianDefaultModules) {
      for (const ext of ['load', 'conf']) {
        if (existsSync(`${confdir}/mods-available/${name}.${ext}`)) {
          symlinkSync(`../mods-available/${name}.${ext}`, `${confdir}/mods-enabled/${name}.${ext}`);
        }
      }
    }
    symlinkSync('../sites-available/000-default.conf', `${confdir}/sites-enabled/000-default.conf`);
    // Run, lock and log directories inside the temp dir instead of /var.
    for (const folder of ['run', 'lock', 'log']) dir.mkdir(folder);
    writeFileSync(
      `${confdir}/envvars`,
      `${readFileSync(`${confdir}/envvars`, 'utf8')}
export APACHE_RUN_DIR=${dir.path('run')}
export APACHE_LOCK_DIR=${dir.path('lock')}
export APACHE_LOG_DIR=${dir.path('log')}
export APACHE_PID_FILE=${dir.path('run/apache2.pid')}
`,
    );
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
    const bin = dir.mkdir('bin');
    writeFileSync(`${bin}/systemctl`, `#!/bin/sh\necho "$@" >> "${dir.path('systemctl.log')}"\n`);
    chmodSync(`${bin}/systemctl`, 0o755);
    const script = dir.write('enable-modules.sh', snippet('apache/enable-modules.sh'));
    const result = await run('/bin/sh', [script], {
      env: {
        PATH: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin`,
        LANG: 'C',
        APACHE_CONFDIR: confdir,
        APACHE_ENVVARS: `${confdir}/envvars`,
        APACHE_STATE_DIRECTORY: dir.mkdir('state'),
      },
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`enable-modules.sh failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    output = `${result.stdout}\n${result.stderr}`;
  });
  afterAll(async () => dir?.remove());

  it('runs to the end and apachectl configtest says Syntax OK', () => {
    expect(output).toContain('Syntax OK');
    expect(readFileSync(dir.path('systemctl.log'), 'utf8').trim()).toBe('restart php8.2-fpm apache2');
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
