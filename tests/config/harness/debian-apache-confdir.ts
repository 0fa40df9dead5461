/**
 * A copy of Debian's /etc/apache2 as a fresh `apt-get install apache2`
 * leaves it, for running a guide's shell script unchanged with Debian's own
 * a2enmod, a2dismod, a2ensite and apachectl:
 *
 *   const etc = freshDebianApacheConfdir(dir);
 *   writeFileSync(`${etc.confdir}/sites-available/sse.conf`, site);
 *   const output = await etc.run(dir.write('setup.sh', script));
 *   etc.systemctlCalls();   // what the script asked systemctl for
 *
 * Debian's tools honour APACHE_CONFDIR, APACHE_STATE_DIRECTORY and
 * APACHE_ENVVARS, so nothing outside the temp dir is touched. systemctl and
 * curl are stand-ins that record their arguments: the services are not
 * ours to restart, and the config tests stream from real servers elsewhere.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { enableDebianDefaults } from './apache-modules.ts';
import type { ServerDir } from './server-dir.ts';

const execFileAsync = promisify(execFile);

export interface DebianApacheConfdir {
  /** The copy of /etc/apache2. */
  readonly confdir: string;
  /** Runs a shell script with the copy as Debian's Apache config; resolves with stdout and stderr. */
  run(script: string): Promise<string>;
  /** The argument lines systemctl was called with, in order. */
  systemctlCalls(): string[];
  /** The argument lines curl was called with, in order. */
  curlCalls(): string[];
}

export function freshDebianApacheConfdir(dir: ServerDir): DebianApacheConfdir {
  const confdir = dir.path('apache2');
  cpSync('/etc/apache2', confdir, { recursive: true, verbatimSymlinks: true });
  enableDebianDefaults(confdir);
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
  const bin = dir.mkdir('bin');
  for (const tool of ['systemctl', 'curl']) {
    writeFileSync(`${bin}/${tool}`, `#!/bin/sh\necho "$@" >> "${dir.path(`${tool}.log`)}"\n`);
    chmodSync(`${bin}/${tool}`, 0o755);
  }
  const calls = (tool: string) => (): string[] => dir.readIfExists(`${tool}.log`).split('\n').filter(Boolean);
  return {
    confdir,
    async run(script) {
      const result = await execFileAsync('/bin/sh', [script], {
        env: {
          PATH: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin`,
          LANG: 'C',
          APACHE_CONFDIR: confdir,
          APACHE_ENVVARS: `${confdir}/envvars`,
          APACHE_STATE_DIRECTORY: dir.mkdir('state'),
        },
      }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`${script} failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
      return `${result.stdout}\n${result.stderr}`;
    },
    systemctlCalls: calls('systemctl'),
    curlCalls: calls('curl'),
  };
}
