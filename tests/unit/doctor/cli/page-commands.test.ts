/**
 * The check page's terminal commands (src/snippets/doctor/run-from-checkout.sh:
 * `npm run doctor -- …` and `npx sse-doctor …`), run as written from the
 * repository root, against the site's `direct` failure lab served over TLS at
 * the page's URL, https://sse.example.com/events. The doctor's connections
 * to sse.example.com:443 go to the test's server (tests/helpers/route-tls-host.mjs),
 * whose certificate for sse.example.com the run trusts.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../../../src/server/api.ts';
import { defaultConfig } from '../../../../src/server/config.ts';
import { snippetPath } from '../../../helpers/snippets.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const preload = new URL('../../../helpers/route-tls-host.mjs', import.meta.url).href;

let certDir = '';
let api: Api | undefined;
let server: Server | undefined;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'sse-doctor-page-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=sse.example.com',
    '-addext', 'subjectAltName=DNS:sse.example.com',
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'),
  ], { stdio: 'ignore' });
  api = createApi(defaultConfig);
  server = createServer({ key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) }, (req, res) => {
    // The page's /events is the site's `direct` lab: a clean stream.
    if (req.url === '/events') req.url = '/api/sse/lab/direct';
    if (!api!.handle(req, res)) res.writeHead(404).end('not an API path');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  api?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(certDir, { recursive: true, force: true });
});

describe("the check page's terminal commands", () => {
  it('npm run doctor and npx sse-doctor each check https://sse.example.com/events and give the direct lab a clean bill', async () => {
    const { port } = server!.address() as AddressInfo;
    const { stdout, stderr } = await promisify(execFile)('/bin/sh', [snippetPath('doctor/run-from-checkout.sh')], {
      cwd: repoRoot,
      timeout: 90_000,
      env: {
        ...process.env,
        NO_COLOR: '1',
        NODE_OPTIONS: `--import=${preload}`,
        NODE_EXTRA_CA_CERTS: join(certDir, 'cert.pem'),
        SSE_ROUTE_FROM: 'sse.example.com:443',
        SSE_ROUTE_TO: `127.0.0.1:${port}`,
      },
    });
    // One report per line of the page, each for the page's URL, each clean with every event on time.
    const reports = stdout.split('Stream doctor: ').slice(1);
    expect(reports, stdout + stderr).toHaveLength(2);
    for (const report of reports) {
      expect(report).toMatch(/^https:\/\/sse\.example\.com\/events\n/);
      expect(report).toMatch(/✓ Buffering\s+13 events/);
      expect(report).toContain('Clean bill: nothing that breaks delivery.');
    }
  }, 100_000);
});
