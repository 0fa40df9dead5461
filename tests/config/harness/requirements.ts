/**
 * Which real servers the config tests need, and the skip rule.
 *
 *   describeWithServers(['apache2', 'php-fpm'], 'Apache + PHP-FPM', () => { … });
 *
 * Outside CI a missing binary skips the whole group with a message that says
 * how to install it: "skipped: no apache2 (apt-get install apache2)". With
 * CI=true a missing binary is a failure: `npm test` installs everything
 * first (scripts/test-prerequisites.ts), and a suite that silently skips
 * proves nothing.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { systemBinaries, type SystemBinary } from '../../helpers/system-packages.ts';

export type ServerBinary = Pick<SystemBinary, 'path' | 'aptPackage'>;

/** The servers and tools a config test may ask for (the suite's whole list: tests/helpers/system-packages.ts). */
export const serverBinaries = systemBinaries satisfies Record<string, ServerBinary>;

export type ServerName = keyof typeof serverBinaries;

export const isCI = process.env['CI'] === 'true';

/** "no apache2 (apt-get install apache2)" for the first missing one, or undefined. */
export function missingServer(
  names: readonly ServerName[],
  binaries: Record<ServerName, ServerBinary> = serverBinaries,
): string | undefined {
  const missing = names.filter((name) => !existsSync(binaries[name].path));
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.map((name) => binaries[name].aptPackage))].join(' ');
  return `no ${missing.join(', ')} (apt-get install ${packages})`;
}

/**
 * A `describe` that runs only when `names` are installed; see the header for
 * CI. `concurrent`: its tests run at the same time (each opens its own
 * streams against the servers the group shares).
 */
export function describeWithServers(
  names: readonly ServerName[],
  title: string,
  body: () => void,
  { concurrent = false }: { concurrent?: boolean } = {},
): void {
  const missing = missingServer(names);
  if (!missing) {
    (concurrent ? describe.concurrent : describe)(title, body);
  } else if (isCI) {
    describe(title, () => {
      it('has its servers installed (CI=true never skips)', () => {
        throw new Error(`CI=true and ${missing}`);
      });
    });
  } else {
    describe.skip(`${title} (skipped: ${missing})`, body);
  }
}
