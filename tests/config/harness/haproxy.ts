/**
 * A real HAProxy (Debian's package) on free loopback ports, run from a
 * config file in a temp dir.
 *
 *   const haproxy = await startHaproxy({
 *     config: ({ httpPort, httpsPort, pemFile }) => fillPlaceholders(guideFile, { 'bind :80': `bind 127.0.0.1:${httpPort}` }),
 *     tls: true,   // make a certificate and key in one PEM file, as HAProxy wants them
 *   });
 *
 * `-db` keeps HAProxy in the foreground so the harness owns the process. A
 * guide's `log /dev/log` line becomes `log stderr`: the test machine may
 * have no syslog socket, and the log belongs in the failure message.
 */
import { readFileSync } from 'node:fs';
import { acceptsConnections, freePort } from '../../helpers/ports.ts';
import { startProcess, waitUntil } from './processes.ts';
import { serverBinaries } from './requirements.ts';
import { createServerDir } from './server-dir.ts';
import { makeSelfSignedCert } from './tls.ts';
import { webServer, type WebServer } from './web-server.ts';

export interface HaproxyOptions {
  config: (ports: { httpPort: number; httpsPort: number; pemFile: string }) => string;
  tls?: boolean;
}

export async function startHaproxy(options: HaproxyOptions): Promise<WebServer> {
  const dir = createServerDir('haproxy');
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const cert = options.tls ? makeSelfSignedCert(dir) : undefined;
  const pemFile = dir.path('site.pem');
  if (cert) dir.write('site.pem', readFileSync(cert.certFile, 'utf8') + readFileSync(cert.keyFile, 'utf8'));
  const config = options.config({ httpPort, httpsPort, pemFile }).replace(/^(\s*)log \/dev\/log (\S+)$/m, '$1log stderr format raw $2');
  const configFile = dir.write('haproxy.cfg', config);
  const process = startProcess({
    command: serverBinaries.haproxy.path,
    args: ['-db', '-f', configFile],
    logs: () => `--- haproxy.cfg ---\n${config}`,
  });
  try {
    const ports = [httpPort, httpsPort].filter((port) => config.includes(`:${port}`));
    for (const port of ports) {
      await waitUntil(() => acceptsConnections(port), { process, what: `haproxy on port ${port}` });
    }
  } catch (error) {
    await process.stop();
    await dir.remove();
    throw error;
  }
  return webServer({ httpPort, httpsPort, dir, cert, process, logs: () => process.output() });
}
