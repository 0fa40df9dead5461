/**
 * Adds the platform-specific optional packages that npm left out of
 * package-lock.json, so that `npm ci` accepts the lock file.
 *
 * Why: the npm registry mirror these machines use serves only the Linux x64
 * builds of packages such as @astrojs/compiler-binding-* and @pagefind/*.
 * `npm install` cannot read the other platforms' manifests, leaves them out
 * of the lock, and `npm ci` then refuses the lock as "out of sync". The added
 * entries carry only the version and the platform (`os`, `cpu`, `libc`,
 * read from the package name), which is all npm needs to skip them here.
 *
 * Run after every `npm install <package>`: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
const osNames = { android: 'android', darwin: 'darwin', linux: 'linux', win32: 'win32', windows: 'win32', freebsd: 'freebsd' };
const platformSuffix = /(android|darwin|linux|win32|windows|freebsd|wasm32)(?:-(arm64|x64|ia32|arm|wasi))?(?:-(gnu|musl|msvc))?$/;

const added = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (packages[`node_modules/${name}`] || packages[`${path}/node_modules/${name}`]) continue;
    const match = platformSuffix.exec(name);
    if (!match) throw new Error(`${name} (optional dependency of ${path || 'the project'}) is missing from the lock and is not a platform package: run npm install again.`);
    const [, os, cpu, libc] = match;
    const platform =
      os === 'wasm32'
        ? { cpu: ['wasm32'] }
        : { os: [osNames[os]], cpu: [cpu], ...(libc === 'gnu' || libc === 'musl' ? { libc: [libc === 'gnu' ? 'glibc' : 'musl'] } : {}) };
    packages[`node_modules/${name}`] = { version, optional: true, ...platform };
    added.push(name);
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `Added ${added.length} platform packages: ${added.join(', ')}` : 'The lock file is complete.');
