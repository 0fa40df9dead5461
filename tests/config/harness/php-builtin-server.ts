/**
 * PHP's built-in web server (`php -S`) on a free loopback port, serving a
 * document root: the smallest PHP server in which each flush() is a chunk
 * on the wire, with no FastCGI and no web server in between.
 *
 *   const php = await startPhpBuiltinServer({ documentRoot: site.path('public'), ini: { output_buffering: '0' } });
 *   php.url('/progress.php');
 *   await php.stop();
 *
 * It reads Debian's /etc/php/8.2/cli/php.ini (output_buffering = 4096 like
 * FPM's); `ini` adds -d overrides. It handles one request at a time unless
 * PHP_CLI_SERVER_WORKERS is set.
 */
import { acceptsConnections, freePort } from '../../helpers/ports.ts';
import { startProcess, waitUntil, type ServerProcess } from './processes.ts';
import { serverBinaries } from './requirements.ts';

export interface PhpBuiltinServer {
  readonly port: number;
  readonly process: ServerProcess;
  url(path: string): string;
  stop(): Promise<void>;
}

export async function startPhpBuiltinServer(options: {
  documentRoot: string;
  ini?: Record<string, string>;
  env?: Record<string, string>;
}): Promise<PhpBuiltinServer> {
  const port = await freePort();
  const iniArgs = Object.entries(options.ini ?? {}).flatMap(([key, value]) => ['-d', `${key}=${value}`]);
  const process = startProcess({
    command: serverBinaries.php.path,
    args: [...iniArgs, '-S', `127.0.0.1:${port}`, '-t', options.documentRoot],
    env: options.env ?? {},
  });
  await waitUntil(() => acceptsConnections(port), { process, what: `php -S on port ${port}` });
  return {
    port,
    process,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    stop: () => process.stop(),
  };
}
