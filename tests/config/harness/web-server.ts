import type { ServerProcess } from './processes.ts';
import type { ServerDir } from './server-dir.ts';
import type { CertificateFiles } from './tls.ts';

/**
 * What a test gets for a running web server of the harness (Apache, nginx):
 * its loopback ports, its temp dir and certificate, URLs on both ports, its
 * logs, and `stop()`, which ends the process and removes the temp dir.
 */
export interface WebServer {
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly dir: ServerDir;
  readonly cert: CertificateFiles | undefined;
  readonly process: ServerProcess;
  url(path: string): string;
  httpsUrl(path: string): string;
  /** Error log and access log so far. */
  logs(): string;
  stop(): Promise<void>;
}

export function webServer(parts: Pick<WebServer, 'httpPort' | 'httpsPort' | 'dir' | 'cert' | 'process' | 'logs'>): WebServer {
  const { httpPort, httpsPort, dir, process } = parts;
  return {
    ...parts,
    url: (path) => `http://127.0.0.1:${httpPort}${path}`,
    httpsUrl: (path) => `https://127.0.0.1:${httpsPort}${path}`,
    async stop() {
      await process.stop();
      await dir.remove();
    },
  };
}
