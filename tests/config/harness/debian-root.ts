/**
 * A copy of Debian's server layout in a temp dir, for following a setup
 * page's steps literally without touching the machine's own /etc:
 *
 *   const root = createDebianRoot(['/etc/nginx', '/etc/php/8.2/fpm']);   // folders or files
 *   root.path('/etc/nginx/sites-enabled');       // <temp>/etc/nginx/sites-enabled
 *   root.rebase('ln -s /etc/nginx/a /etc/b');     // the same command, inside the copy
 *   root.save('/etc/php/8.2/fpm/pool.d/sse.conf', text);
 *   await root.run('nginx/steps-php-fpm.sh', stubs);
 *
 * The reader's files stay literal (`/etc/nginx/…`, `/run/php/…`); the test
 * moves every absolute path under /etc, /var and /run into the copy as it
 * saves or runs them (`rebase`), and does the same to the copied Debian
 * files, so Debian's `include /etc/nginx/sites-enabled/*;` reads the copy's
 * sites-enabled and a symlink made by a step points into the copy too.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServerDir, type ServerDir } from './server-dir.ts';
import { snippet } from '../../helpers/snippets.ts';

const run = promisify(execFile);

export interface DebianRoot {
  readonly dir: ServerDir;
  /** The copy's path for an absolute path of the real layout. */
  path(absolute: string): string;
  /** `text` with every absolute path under /etc, /var and /run moved into the copy. */
  rebase(text: string): string;
  /** Writes a file at its place in the copy (rebased), readable by the servers. */
  save(absolute: string, text: string): void;
  /** Runs a shell file from src/snippets/ as the reader runs it, rebased, with `bin` first on PATH. */
  runSnippet(file: string, bin: string, env?: Record<string, string>): Promise<string>;
  remove(): Promise<void>;
}

const absolutePath = /(^|[\s"'=:(])\/(etc|var|run)\//gm;

function rebaseTree(path: string, root: string, rebase: (text: string) => string): void {
  for (const name of readdirSync(path)) {
    const entry = join(path, name);
    const stat = lstatSync(entry);
    if (stat.isDirectory()) rebaseTree(entry, root, rebase);
    else if (stat.isSymbolicLink()) {
      const target = readlinkSync(entry);
      if (/^\/(etc|var|run)\//.test(target)) {
        rmSync(entry);
        symlinkSync(root + target, entry);
      }
    } else if (stat.isFile()) {
      const text = readFileSync(entry, 'utf8');
      const rebased = rebase(text);
      if (rebased !== text) writeFileSync(entry, rebased);
    }
  }
}

export function createDebianRoot(folders: readonly string[]): DebianRoot {
  const dir = createServerDir('debian-root');
  const path = (absolute: string): string => dir.root + absolute;
  const rebase = (text: string): string => text.replace(absolutePath, (_, before: string, top: string) => `${before}${dir.root}/${top}/`);
  for (const folder of folders) {
    cpSync(folder, path(folder), { recursive: true, verbatimSymlinks: true });
    if (lstatSync(path(folder)).isDirectory()) rebaseTree(path(folder), dir.root, rebase);
  }
  // Where Debian's services keep pid files, sockets and logs, writable by the server user.
  for (const folder of ['/run/php', '/var/log/nginx', '/var/www']) dir.mkdir(folder.slice(1));
  return {
    dir,
    path,
    rebase,
    save(absolute, text) {
      dir.write(absolute.slice(1), rebase(text));
    },
    async runSnippet(file, bin, env = {}) {
      const text = snippet(file);
      const script = dir.write(`steps/${file.replaceAll('/', '-')}`, rebase(text));
      chmodSync(script, 0o755);
      const result = await run('/bin/sh', [script], {
        cwd: dir.root,
        env: { PATH: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin`, LANG: 'C', ...env },
      }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`${file} failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
      return `${result.stdout}\n${result.stderr}`;
    },
    remove: () => dir.remove(),
  };
}

/**
 * Writes executable stand-ins into `<root>/bin`: `name → shell body`. Only
 * for what must not reach the real machine (systemctl, the request to
 * sse.example.com) or must read the copy instead of /etc (nginx -t).
 */
export function writeStubs(root: DebianRoot, stubs: Record<string, string>): string {
  const bin = root.dir.mkdir('bin');
  for (const [name, body] of Object.entries(stubs)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

/**
 * Stand-ins that only write down how they were called, for steps whose
 * service restart and stream the test leaves to other tests:
 * `calls('curl')` → `['-N https://sse.example.com/events']`, one line per call.
 */
export function writeRecordingStubs(
  root: DebianRoot,
  names: readonly string[],
): { bin: string; calls(name: string): string[] } {
  const log = (name: string): string => `calls/${name}.log`;
  root.dir.mkdir('calls');
  const bin = writeStubs(root, Object.fromEntries(names.map((name) => [name, `echo "$@" >> "${root.dir.path(log(name))}"`])));
  return { bin, calls: (name) => root.dir.readIfExists(log(name)).split('\n').filter(Boolean) };
}
