/**
 * The first step of `npm test`: make sure the machine has what the suite
 * needs (Debian's Chromium and the real servers of the config tests, listed
 * in tests/helpers/system-packages.ts) before minutes of type checks, unit
 * tests and builds run into a missing browser.
 *
 * - Everything there: nothing happens.
 * - Something missing, and this runs as root or with passwordless sudo:
 *   `apt-get update` and `apt-get install` of exactly the missing packages,
 *   with no service started (the packages' install scripts would start
 *   apache2, nginx, PHP-FPM and Redis as system services on their default
 *   ports; the tests start their own instances on free loopback ports).
 * - Otherwise: stop at once with the one command to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { missingPackages } from '../tests/helpers/system-packages.ts';

/**
 * invoke-rc.d asks this file before a package's install script starts a
 * service; exit code 101 means "not allowed". It is ours only while we
 * install, and only if there was none before.
 */
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

const missing = missingPackages();
if (missing.length > 0) installOrExplain(missing);

function installOrExplain(packages: string[]): void {
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...packages];
  const prefix = howToBecomeRoot();
  if (prefix === undefined || !existsSync('/usr/bin/apt-get')) {
    console.error(
      `npm test needs Debian packages that are missing: ${packages.join(', ')}.\n` +
        `Install them, then run npm test again:\n\n  sudo ${install.join(' ')}\n`,
    );
    process.exit(1);
  }
  console.error(`npm test: installing the missing Debian packages: ${packages.join(' ')}`);
  const ownPolicy = !existsSync(POLICY_RC_D);
  if (ownPolicy) run(prefix, ['sh', '-c', `printf '#!/bin/sh\\nexit 101\\n' > ${POLICY_RC_D} && chmod 0755 ${POLICY_RC_D}`]);
  try {
    run(prefix, ['apt-get', 'update', '-q']);
    run(prefix, install, { DEBIAN_FRONTEND: 'noninteractive' });
  } finally {
    if (ownPolicy) run(prefix, ['rm', '-f', POLICY_RC_D]);
  }
  const stillMissing = missingPackages();
  if (stillMissing.length > 0) {
    console.error(`npm test: still missing after apt-get install: ${stillMissing.join(', ')}`);
    process.exit(1);
  }
}

/** [] as root, ['sudo', '-n'] with passwordless sudo, undefined otherwise. */
function howToBecomeRoot(): string[] | undefined {
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n'] : undefined;
}

/** Runs `command` as root; `env` goes through `env(1)` because sudo drops the environment. */
function run(asRoot: string[], command: string[], env: Record<string, string> = {}): void {
  const [program, ...args] = [...asRoot, 'env', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), ...command];
  const result = spawnSync(program!, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm test: \`${command.join(' ')}\` failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}
