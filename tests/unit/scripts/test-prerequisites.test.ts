import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { missingPackages } from '../../helpers/system-packages.ts';

describe('missingPackages', () => {
  it('names each Debian package whose file is missing, once, in the list order', () => {
    const binaries = {
      present: { path: process.execPath, aptPackage: 'nodejs', neededBy: 'x' },
      apache2: { path: '/nonexistent/apache2', aptPackage: 'apache2', neededBy: 'x' },
      apachectl: { path: '/nonexistent/apachectl', aptPackage: 'apache2', neededBy: 'x' },
      nginx: { path: '/nonexistent/nginx', aptPackage: 'nginx', neededBy: 'x' },
    };
    expect(missingPackages(binaries)).toEqual(['apache2', 'nginx']);
  });
});

describe('npm test’s first step (scripts/test-prerequisites.ts)', () => {
  it('stops at once with the one command to run when it cannot install', () => {
    // As an unprivileged user (no sudo without a password) with Chromium missing.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const [program, ...args] = [...asUser, process.execPath, 'scripts/test-prerequisites.ts'];
    const started = Date.now();
    const result = spawnSync(program!, args, {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('missing: chromium');
    expect(result.stderr).toContain('sudo apt-get install -y --no-install-recommends chromium');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
