/**
 * The page's setup steps, run as a reader runs them: reverse-proxy-setup.sh,
 * unchanged, with Debian's own a2enmod, a2ensite and apachectl, against a
 * copy of a fresh /etc/apache2 with the page's reverse-proxy.conf saved as
 * sites-available/sse-proxy.conf. The script must get through `set -e` to
 * its end, `apachectl configtest` must accept the site, and the modules it
 * leaves enabled are the ones the other tests of this folder load.
 */
import { execFile } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { modulesAfter } from '../harness/apache-modules.ts';
import { freshDebianApacheConfdir, type DebianApacheConfdir } from '../harness/debian-apache-confdir.ts';
import { fillPlaceholders } from '../harness/placeholders.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { createServerDir, type ServerDir } from '../harness/server-dir.ts';
import { makeSelfSignedCert } from '../harness/tls.ts';
import { snippet, snippetPath } from '../../helpers/snippets.ts';

describeWithServers(['apache2', 'openssl'], "the reverse proxy page's setup script on Debian's /etc/apache2", () => {
  let dir: ServerDir;
  let etc: DebianApacheConfdir;
  let output = '';
  beforeAll(async () => {
    dir = createServerDir('etc-apache2-proxy');
    etc = freshDebianApacheConfdir(dir);
    const cert = makeSelfSignedCert(dir);
    writeFileSync(
      `${etc.confdir}/sites-available/sse-proxy.conf`,
      fillPlaceholders(snippet('apache/reverse-proxy.conf'), {
        '/etc/letsencrypt/live/sse.example.com/fullchain.pem': cert.certFile,
        '/etc/letsencrypt/live/sse.example.com/privkey.pem': cert.keyFile,
      }),
    );
    output = await etc.run(dir.write('reverse-proxy-setup.sh', snippet('apache/reverse-proxy-setup.sh')));
  });
  afterAll(async () => dir?.remove());

  it('is valid POSIX sh that stops at the first failing command', async () => {
    await promisify(execFile)('/bin/sh', ['-n', snippetPath('apache/reverse-proxy-setup.sh')]);
    expect(snippet('apache/reverse-proxy-setup.sh')).toMatch(/^#!\/bin\/sh\n(#.*\n)*set -e\n/);
  });

  it('runs to the end: configtest says Syntax OK, Apache restarts, curl watches the stream', () => {
    expect(output).toContain('Syntax OK');
    expect(etc.systemctlCalls()).toEqual(['restart apache2']);
    expect(etc.curlCalls()).toEqual(['-N https://sse.example.com/events']);
  });

  it('enables the site under the name the site file gives in its first line', () => {
    expect(snippet('apache/reverse-proxy.conf').split('\n')[0]).toBe('# /etc/apache2/sites-available/sse-proxy.conf');
    expect(readdirSync(`${etc.confdir}/sites-enabled`).sort()).toEqual(['000-default.conf', 'sse-proxy.conf']);
  });

  it('leaves exactly the modules enabled that the proxy tests load', () => {
    const enabled = readdirSync(`${etc.confdir}/mods-enabled`)
      .filter((name) => name.endsWith('.load'))
      .map((name) => name.replace(/\.load$/, ''));
    expect(enabled.sort()).toEqual(modulesAfter(snippet('apache/reverse-proxy-setup.sh')).sort());
    expect(enabled).toEqual(expect.arrayContaining(['proxy', 'proxy_http', 'ssl', 'http2', 'headers', 'setenvif', 'alias']));
  });
});
