/**
 * Production entry (`npm start` / `npm run serve`): one `node:http` server.
 * `/api/*` is answered by our handlers, which see `res.write()` backpressure
 * and bound each stream; everything else goes to the handler exported by
 * Astro's standalone build (static pages, assets). The README's "Why the
 * streams bypass Astro" gives the measurements behind that split.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApi } from './api.ts';
import { ConfigError, configFromEnv } from './config.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { answerClientError, createSiteHandler, refuseConnect, SecureResponse, type NodeHandler } from './site-server.ts';
import { loadStaticFiles } from './static-files.ts';

/** Readers of open streams are asked to come back after 5 to 10 s (a restart's worth). */
const SHUTDOWN_RETRY_MS = 5000;
/** In-flight requests get this long after SIGTERM; then their connections are closed, so the exit stays within 5 s. */
const SHUTDOWN_GRACE_MS = 4000;
/** Receiving a request's headers, and all of it, may take this long: a client that trickles bytes cannot hold a socket forever. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * Node enforces both timeouts only when it checks the connections, every 30 s
 * by default, which made them 10–40 s and 30–60 s. Checking twice a second
 * keeps them within half a second of the figures above; a check looks only
 * at connections with a request still arriving, not at open streams.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 500;

function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}

const host = process.env['HOST'] || '127.0.0.1';
const portText = process.env['PORT'] || '4321';
const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
if (!(port >= 0 && port <= 65535)) exitWith(`PORT must be an integer from 0 to 65535 (0 picks a free one), got "${portText}".`);
let config: ReturnType<typeof configFromEnv>;
try {
  config = configFromEnv();
} catch (error) {
  if (error instanceof ConfigError) exitWith(error.message);
  throw error;
}

// The standalone build starts a server of its own on import unless told not to.
process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
const astroEntry = new URL('../../dist/server/entry.mjs', import.meta.url);
const { handler: astroHandler } = (await import(astroEntry.href).catch(() =>
  exitWith(`Cannot load ${fileURLToPath(astroEntry)}: run \`npm run build\` first.`),
)) as { handler: NodeHandler };
const clientDir = fileURLToPath(new URL('../../dist/client/', import.meta.url));
const [policy, files] = await Promise.all([contentSecurityPolicy(clientDir), loadStaticFiles(clientDir)]);

const api = createApi(config);
const server = createServer(
  {
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    ServerResponse: SecureResponse,
  },
  createSiteHandler(api, files, astroHandler, policy),
);
server.on('clientError', answerClientError);
server.on('connect', refuseConnect);

server.listen(port, host, () => {
  // PORT=0 picks a free port (the tests do): report the one actually bound.
  const { port: bound } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(`SSE Handbook on http://${shown}:${bound}/  (demo streams under /api/sse/)`);
});

/**
 * Stop accepting, let in-flight requests finish, ask every stream's reader to
 * come back later (`retry:`, then the end of the response), and exit within
 * 5 s, saying so in one line.
 */
function shutdown(signal: NodeJS.Signals): void {
  const startedAt = performance.now();
  const streams = api.streams.size;
  let forced = false;
  server.close(() => {
    const took = Math.round(performance.now() - startedAt);
    const cut = forced ? `, closed connections still busy after ${SHUTDOWN_GRACE_MS} ms` : '';
    console.log(`${signal}: stopped in ${took} ms; asked ${streams} open streams to reconnect later${cut}.`);
    process.exit(0);
  });
  api.close(SHUTDOWN_RETRY_MS);
  // Connections become idle as their last response ends; close each then.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  setTimeout(() => {
    clearInterval(idleSweep);
    forced = true;
    server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS).unref();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
