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
import {
  answerClientError,
  createSiteHandler,
  refuseConnect,
  refuseExpectation,
  requestTimeouts,
  SecureResponse,
  type NodeHandler,
} from './site-server.ts';
import { loadStaticFiles } from './static-files.ts';

/** Readers of open streams are asked to come back after 5 to 10 s (a restart's worth). */
const SHUTDOWN_RETRY_MS = 5000;
/** In-flight requests get this long after SIGTERM; then the unfinished ones are answered 503 and their connections closed. */
const SHUTDOWN_GRACE_MS = 4000;
/** Time for those 503 answers to leave before the connections are closed. */
const SHUTDOWN_FLUSH_MS = 100;
/** The process exits by then whatever still holds it, so the exit stays within 5 s. */
const SHUTDOWN_DEADLINE_MS = 4800;

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
    ...requestTimeouts,
    // The site handler refuses a request without Host itself, with a reason.
    requireHostHeader: false,
    ServerResponse: SecureResponse,
  },
  createSiteHandler(api, files, astroHandler, policy),
);
server.on('clientError', answerClientError);
server.on('connect', refuseConnect);
server.on('checkExpectation', refuseExpectation);

server.listen(port, host, () => {
  // PORT=0 picks a free port (the tests do): report the one actually bound.
  const { port: bound } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(`SSE Handbook on http://${shown}:${bound}/  (demo streams under /api/sse/)`);
});

interface Stopping {
  signal: NodeJS.Signals;
  startedAt: number;
  streams: number;
  /** Requests answered 503 because they were unfinished when the connections were closed. */
  refused: number;
  /** Why connections were closed before they were done, if they were. */
  forced: string | null;
  grace: NodeJS.Timeout;
}
let stopping: Stopping | null = null;

function exitStopped(): never {
  const { signal, startedAt, streams, refused, forced } = stopping!;
  const took = Math.round(performance.now() - startedAt);
  const answered = refused > 0 ? `, answered ${refused} unfinished requests with 503` : '';
  const cut = forced === null ? '' : `, closed connections still busy ${forced}`;
  console.log(`${signal}: stopped in ${took} ms; asked ${streams} open streams to reconnect later${answered}${cut}.`);
  process.exit(0);
}

/** Ends the grace time: unfinished requests get 503, and a moment later every connection is closed. */
function closeBusyConnections(why: string): void {
  const state = stopping!;
  clearTimeout(state.grace);
  state.forced = why;
  state.refused += api.refuseUnfinished(SHUTDOWN_RETRY_MS);
  setTimeout(() => server.closeAllConnections(), SHUTDOWN_FLUSH_MS).unref();
}

/**
 * Stop accepting; let in-flight requests finish for up to 4 s, then answer
 * those still unfinished with 503; ask every stream's reader to come back
 * later (`retry:`, then the end of the response) and refuse new streams with
 * 503; exit within 5 s, saying so in one line. A second signal cuts the
 * grace time short.
 */
function shutdown(signal: NodeJS.Signals): void {
  if (stopping !== null) {
    closeBusyConnections(`at a second ${signal}`);
    return;
  }
  // Connections become idle as their last response ends; close each then.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  stopping = {
    signal,
    startedAt: performance.now(),
    streams: api.streams.size,
    refused: 0,
    forced: null,
    grace: setTimeout(() => closeBusyConnections(`after ${SHUTDOWN_GRACE_MS} ms`), SHUTDOWN_GRACE_MS).unref(),
  };
  server.close(() => {
    clearInterval(idleSweep);
    exitStopped();
  });
  api.close(SHUTDOWN_RETRY_MS);
  setTimeout(exitStopped, SHUTDOWN_DEADLINE_MS).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
