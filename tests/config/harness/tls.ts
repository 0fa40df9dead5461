/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with openssl,
 * for the TLS + HTTP/2 tests. Clients accept it with `curl -k`,
 * `rejectUnauthorized: false` or Chromium's --ignore-certificate-errors.
 *
 *   const { certFile, keyFile } = makeSelfSignedCert(dir);
 */
import { execFileSync } from 'node:child_process';
import type { ServerDir } from './server-dir.ts';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

export function makeSelfSignedCert(dir: ServerDir, name = 'localhost'): CertificateFiles {
  const certFile = dir.path(`${name}.crt`);
  const keyFile = dir.path(`${name}.key`);
  execFileSync(
    '/usr/bin/openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', keyFile, '-out', certFile,
    ],
    { stdio: 'pipe' },
  );
  // Written by the test user, read by the server user.
  execFileSync('chmod', ['0644', certFile, keyFile]);
  return { certFile, keyFile };
}
