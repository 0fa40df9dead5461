/**
 * Everything the test suite needs from the operating system, as Debian
 * packages: one list, read by the config tests' skip rule
 * (tests/config/harness/requirements.ts) and by `npm test`'s first step
 * (scripts/test-prerequisites.ts), which installs what is missing or names
 * the one command that does. `.ci/run` installs nothing itself.
 *
 * Each entry is a file the package installs, so a check is one `existsSync`,
 * the same on every Linux with or without dpkg.
 */
import { existsSync } from 'node:fs';

export interface SystemBinary {
  /** Absolute path of a file the Debian package installs. */
  path: string;
  /** The Debian package that brings it. */
  aptPackage: string;
  /** Which tests need it, for the message that names it. */
  neededBy: string;
}

export const systemBinaries = {
  chromium: {
    path: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    aptPackage: 'chromium',
    neededBy: 'end-to-end tests (Playwright cannot download a browser here)',
  },
  fonts: {
    path: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    aptPackage: 'fonts-dejavu-core',
    neededBy: 'end-to-end tests (text metrics of the layout tests)',
  },
  apache2: { path: '/usr/sbin/apache2', aptPackage: 'apache2', neededBy: 'config tests' },
  modsecurity: {
    path: '/usr/lib/apache2/modules/mod_security2.so',
    aptPackage: 'libapache2-mod-security2',
    neededBy: 'config tests (ModSecurity scope)',
  },
  'php-fpm': { path: '/usr/sbin/php-fpm8.2', aptPackage: 'php-fpm', neededBy: 'config tests' },
  php: { path: '/usr/bin/php', aptPackage: 'php-cli', neededBy: 'config tests' },
  nginx: { path: '/usr/sbin/nginx', aptPackage: 'nginx', neededBy: 'config tests' },
  caddy: { path: '/usr/bin/caddy', aptPackage: 'caddy', neededBy: 'config tests of the Caddy page' },
  haproxy: { path: '/usr/sbin/haproxy', aptPackage: 'haproxy', neededBy: 'config tests of the HAProxy page' },
  'redis-server': { path: '/usr/bin/redis-server', aptPackage: 'redis-server', neededBy: 'unit and config tests of the Redis broadcast' },
  openssl: { path: '/usr/bin/openssl', aptPackage: 'openssl', neededBy: 'TLS certificates for the HTTP/2 tests' },
  curl: { path: '/usr/bin/curl', aptPackage: 'curl', neededBy: 'config tests (the client the pages tell readers to use)' },
  python3: { path: '/usr/bin/python3', aptPackage: 'python3', neededBy: 'config tests of the Python page' },
  flask: { path: '/usr/lib/python3/dist-packages/flask/__init__.py', aptPackage: 'python3-flask', neededBy: 'config tests of the Python page' },
  gunicorn: { path: '/usr/bin/gunicorn', aptPackage: 'gunicorn', neededBy: 'config tests of the Python page' },
  gevent: { path: '/usr/lib/python3/dist-packages/gevent/__init__.py', aptPackage: 'python3-gevent', neededBy: 'config tests of the Python page' },
  fastapi: { path: '/usr/lib/python3/dist-packages/fastapi/__init__.py', aptPackage: 'python3-fastapi', neededBy: 'config tests of the Python page' },
  starlette: { path: '/usr/lib/python3/dist-packages/starlette/__init__.py', aptPackage: 'python3-starlette', neededBy: 'config tests of the Python page' },
  uvicorn: { path: '/usr/bin/uvicorn', aptPackage: 'uvicorn', neededBy: 'config tests of the Python page' },
  go: { path: '/usr/bin/go', aptPackage: 'golang-go', neededBy: 'config tests of the Go page (the Go toolchain builds its servers)' },
} satisfies Record<string, SystemBinary>;

export type SystemBinaryName = keyof typeof systemBinaries;

/** The Debian packages whose file is missing, each once, in the list's order. */
export function missingPackages(binaries: Record<string, SystemBinary> = systemBinaries): string[] {
  const missing = Object.values(binaries).filter((binary) => !existsSync(binary.path));
  return [...new Set(missing.map((binary) => binary.aptPackage))];
}
