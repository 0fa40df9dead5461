/**
 * The page's setup steps, run as a reader runs them: reverse-proxy-setup.sh,
 * unchanged, with Debian's own a2enmod, a2ensite and apachectl, against a
 * copy of a fresh /etc/apache2 (harness/debian-root.ts, the same copy the
 * setup pages' step tests use) with the page's reverse-proxy.conf saved as
 * sites-available/sse-proxy.conf. The script must get through `set -e` to
 * its end, `apachectl configtest` must accept the site, and the modules it
 * leaves enabled are the ones the other tests of this folder load.
 * systemctl and curl only record their arguments: the services are not ours
 * to restart, and the other tests of this folder stream through the proxy.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { modulesAfter } from '../harness/apache-modules.ts';
import { createDebianRoot, writeRecordingStubs, type DebianRoot } from '../harness/debian-root.ts';
import { freshDebianApache } from '../harness/debian-services.ts';
import { describeWithServers } from '../harness/requirements.ts';
import { makeSelfSignedCert } from '../harness/tls.ts';
import { snippet, snippetPath } from '../../helpers/snippets.ts';

describeWithServers(['apache2', 'openssl'], "the reverse proxy page's setup script on Debian's /etc/apache2", () => {
  let root: DebianRoot;
  let stubs: ReturnType<typeof writeRecordingStubs>;
  let output = '';
  beforeAll(async () => {
    root = createDebianRoot(['/etc/apache2']);
    const toolEnv = freshDebianApache(root);
    const cert = makeSelfSignedCert(root.dir);
    root.save('/etc/letsencrypt/live/sse.example.com/fullchain.pem', readFileSync(cert.certFile, 'utf8'));
    root.save('/etc/letsencrypt/live/sse.example.com/privkey.pem', readFileSync(cert.keyFile, 'utf8'));
    root.save('/etc/apache2/sites-available/sse-proxy.conf', snippet('apache/reverse-proxy.conf'));
    stubs = writeRecordingStubs(root, ['systemctl', 'curl']);
    output = await root.runSnippet('apache/reverse-proxy-setup.sh', stubs.bin, toolEnv);
  });
  afterAll(async () => root?.remove());

  it('is valid POSIX sh that stops at the first failing command', async () => {
    await promisify(execFile)('/bin/sh', ['-n', snippetPath('apache/reverse-proxy-setup.sh')]);
    expect(snippet('apache/reverse-proxy-setup.sh')).toMatch(/^#!\/bin\/sh\n(#.*\n)*set -e\n/);
  });

  it('runs to the end: configtest says Syntax OK, Apache restarts, curl watches the stream', () => {
    expect(output).toContain('Syntax OK');
    expect(stubs.calls('systemctl')).toEqual(['restart apache2']);
    expect(stubs.calls('curl')).toEqual(['-N https://sse.example.com/events']);
  });

  it('enables the site under the name the site file gives in its first line', () => {
    expect(snippet('apache/reverse-proxy.conf').split('\n')[0]).toBe('# /etc/apache2/sites-available/sse-proxy.conf');
    expect(readdirSync(root.path('/etc/apache2/sites-enabled')).sort()).toEqual(['000-default.conf', 'sse-proxy.conf']);
  });

  it('leaves exactly the modules enabled that the proxy tests load', () => {
    const enabled = readdirSync(root.path('/etc/apache2/mods-enabled'))
      .filter((name) => name.endsWith('.load'))
      .map((name) => name.replace(/\.load$/, ''));
    expect(enabled.sort()).toEqual(modulesAfter(snippet('apache/reverse-proxy-setup.sh')).sort());
    expect(enabled).toEqual(expect.arrayContaining(['proxy', 'proxy_http', 'ssl', 'http2', 'headers', 'setenvif', 'alias']));
  });
});
