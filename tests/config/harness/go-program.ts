/**
 * Builds a Go page's program from its snippet files with Debian's Go, the
 * way a reader's `go run events.go logging.go` does, once per test file:
 * the standard library only, no module download (GOPROXY=off), a build
 * cache of its own in the server directory.
 *
 *   const dir = createServerDir('go');
 *   const events = await buildGoProgram(dir, 'events', ['go/events.go', 'go/logging.go']);
 *   await startAppServer({ command: events, args: [], env: { PORT: '{port}' } });
 *
 * The files are copied side by side first: a broken variant (go/broken/logging.go)
 * replaces its good namesake, and `go build` takes files from one folder only.
 */
import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { snippet } from '../../helpers/snippets.ts';
import { serverBinaries } from './requirements.ts';
import type { ServerDir } from './server-dir.ts';

const run = promisify(execFile);

/** Returns the absolute path of the built program, executable by the server user. */
export async function buildGoProgram(dir: ServerDir, name: string, files: readonly string[]): Promise<string> {
  const sources = files.map((file) => dir.write(`${name}-src/${basename(file)}`, snippet(file)));
  const output = dir.path(name);
  try {
    await run(serverBinaries.go.path, ['build', '-o', output, ...sources.map((source) => basename(source))], {
      cwd: dir.path(`${name}-src`),
      env: {
        PATH: '/usr/bin:/bin',
        HOME: dir.root,
        GOCACHE: dir.path('go-cache'),
        GOPATH: dir.path('go-path'),
        GOPROXY: 'off',
      },
    });
  } catch (error) {
    throw new Error(`go build ${files.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, { cause: error });
  }
  chmodSync(output, 0o755);
  return output;
}
