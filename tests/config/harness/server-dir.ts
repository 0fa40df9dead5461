/**
 * One temporary directory per server: its config, logs, pid file, sockets
 * and document root live there and nowhere else, so servers started by
 * tests running in parallel share nothing.
 *
 *   const dir = await createServerDir('apache');
 *   dir.write('httpd.conf', text);     // → absolute path
 *   dir.path('error.log');             // absolute path inside the directory
 *   dir.readIfExists('error.log');     // '' when the file is not there
 *   await dir.remove();
 *
 * Servers run as an ordinary user. When the tests run as root (a CI
 * container), the servers are started as `nobody` (see `serverUser`) and the
 * directory and every subdirectory made here are handed to that user, so it
 * can write its logs and sockets; files written here are world-readable.
 */
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ServerUser {
  uid: number;
  gid: number;
}

/**
 * The user the servers run as: the current one, or `nobody` when that is
 * root. Apache and PHP-FPM would otherwise switch to users of their own
 * choosing (or refuse to start), and a test should not need root anyway.
 */
export const serverUser: ServerUser | undefined =
  process.getuid?.() === 0
    ? {
        uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim()),
      }
    : undefined;

/** User and group names of the server user, for configs that name them (`user = …`). */
export const serverUserNames: { user: string; group: string } = {
  user: execFileSync('id', serverUser ? ['-un', 'nobody'] : ['-un'], { encoding: 'utf8' }).trim(),
  group: execFileSync('id', serverUser ? ['-gn', 'nobody'] : ['-gn'], { encoding: 'utf8' }).trim(),
};

export interface ServerDir {
  /** The directory itself. */
  readonly root: string;
  /** Absolute path of `relative` inside the directory. */
  path(relative: string): string;
  /** Writes a file (creating parent folders) and returns its absolute path. */
  write(relative: string, content: string | Uint8Array): string;
  /** Creates a folder the server user may write to, and returns its path. */
  mkdir(relative: string): string;
  readIfExists(relative: string): string;
  remove(): Promise<void>;
}

function handOver(path: string): void {
  if (serverUser) chownSync(path, serverUser.uid, serverUser.gid);
}

export function createServerDir(name: string): ServerDir {
  const root = mkdtempSync(join(tmpdir(), `sse-config-${name}-`));
  // mkdtemp makes it 0700; the server user must be able to enter it.
  chmodSync(root, 0o755);
  handOver(root);
  const dir: ServerDir = {
    root,
    path: (relative) => join(root, relative),
    mkdir(relative) {
      const path = join(root, relative);
      let missing = path;
      const created: string[] = [];
      while (!existsSync(missing)) {
        created.unshift(missing);
        missing = dirname(missing);
      }
      mkdirSync(path, { recursive: true, mode: 0o755 });
      created.forEach(handOver);
      return path;
    },
    write(relative, content) {
      const path = join(root, relative);
      dir.mkdir(dirname(relative));
      writeFileSync(path, content, { mode: 0o644 });
      return path;
    },
    readIfExists(relative) {
      try {
        return readFileSync(join(root, relative), 'utf8');
      } catch {
        return '';
      }
    },
    async remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  return dir;
}
