/**
 * Which Apache modules a Debian server has after a guide's shell sequence.
 *
 *   modulesAfter(readFileSync('src/snippets/apache/enable-modules.sh', 'utf8'))
 *   // → ['access_compat', …, 'mpm_event', 'proxy', 'proxy_fcgi', 'http2', …]
 *
 * Starts from the modules a fresh `apt-get install apache2` enables, then
 * applies every `a2dismod` and `a2enmod` line of the script in order,
 * following the `# Depends:` lines of Debian's
 * /etc/apache2/mods-available/<name>.load the way a2enmod does. The Apache
 * harness then loads exactly these modules, so a module the guide forgets
 * to enable makes its config test fail as it would on the reader's server.
 */
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';

export const modsAvailable = '/etc/apache2/mods-available';

/** What Debian 12's apache2 package enables on installation (/etc/apache2/mods-enabled). */
export const debianDefaultModules: readonly string[] = [
  'access_compat', 'alias', 'auth_basic', 'authn_core', 'authn_file', 'authz_core', 'authz_host',
  'authz_user', 'autoindex', 'deflate', 'dir', 'env', 'filter', 'mime', 'mpm_event', 'negotiation',
  'reqtimeout', 'setenvif', 'status',
];

/** The modules `name` depends on, from the `# Depends:` line of its .load file. */
export function dependenciesOf(name: string): string[] {
  const load = readFileSync(`${modsAvailable}/${name}.load`, 'utf8');
  const depends = /^#\s*Depends:\s*(.*)$/m.exec(load);
  return depends?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

export function modulesAfter(script: string, start: readonly string[] = debianDefaultModules): string[] {
  const enabled = new Set(start);
  const enable = (name: string): void => {
    if (enabled.has(name)) return;
    dependenciesOf(name).forEach(enable);
    enabled.add(name);
  };
  for (const line of script.split('\n')) {
    const command = /^\s*(a2enmod|a2dismod)\b(.*)$/.exec(line.replace(/#.*$/, ''));
    if (!command) continue;
    const names = command[2]!.trim().split(/\s+/).filter((word) => word && !word.startsWith('-'));
    if (command[1] === 'a2enmod') names.forEach(enable);
    else names.forEach((name) => enabled.delete(name));
  }
  return [...enabled];
}

/**
 * Turns a copy of /etc/apache2 (`confdir`) into the state a fresh
 * `apt-get install apache2` leaves: Debian's default modules and the default
 * site enabled, nothing else (the machine's own copy may have more on).
 */
export function enableDebianDefaults(confdir: string): void {
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
}
