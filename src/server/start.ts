/**
 * Production entry (`npm start` / `npm run serve`): one `node:http` server.
 * `/api/*` is answered by our handlers, which see `res.write()` backpressure
 * and bound each stream; everything else goes to the handler exported by
 * Astro's standalone build (static pages, assets). See DESIGN.md, "Why the
 * streams bypass Astro".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi } from './api.ts';
import { configFromEnv } from './config.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

// The standalone build starts a server of its own on import unless told not to.
process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
const astroEntry = new URL('../../dist/server/entry.mjs', import.meta.url);
const { handler: astroHandler } = (await import(astroEntry.href).catch((error: unknown) => {
  console.error(`Cannot load ${astroEntry.pathname}: run \`npm run build\` first.`);
  throw error;
})) as { handler: NodeHandler };

const host = process.env['HOST'] || '127.0.0.1';
const port = Number(process.env['PORT'] || 4321);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`PORT must be a port number (0 picks a free one), got "${process.env['PORT']}".`);
}
const api = createApi(configFromEnv());

const server = createServer((req, res) => {
  if (!api.handle(req, res)) astroHandler(req, res);
});

server.listen(port, host, () => {
  // PORT=0 picks a free port (the tests do): report the one actually bound.
  const { port: bound } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(`SSE Handbook on http://${shown}:${bound}/  (demo streams under /api/sse/)`);
});

function shutdown(): void {
  api.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
