import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointConfig } from './config.ts';
import { createEndpoints } from './demos/index.ts';
import { HttpError, sendError } from './http-error.ts';
import { OpenStreams } from './open-streams.ts';

export interface Api {
  /** Answers a request under `/api/`; returns false for any other path, which the caller passes on. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The open event streams (their count is in `GET /api/status`). */
  readonly streams: OpenStreams;
  /** Ends every open stream, for shutdown. */
  close(): void;
}

const DEMO_PATH = /^\/api\/sse\/([a-z0-9-]+(?:\/[a-z0-9-]+)?)$/;

/**
 * The `/api/*` handler: plain `node:http`, mounted in front of Astro in
 * production (src/server/start.ts) and on the dev server (src/integration.ts).
 */
export function createApi(config: EndpointConfig): Api {
  const streams = new OpenStreams(config.maxStreams, config);
  const { demos, routes } = createEndpoints(config);

  function status(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, `Method ${req.method} is not allowed on /api/status; use GET.`, { Allow: 'GET, HEAD' });
    }
    const body = JSON.stringify({ openStreams: streams.size, maxStreams: config.maxStreams, demos: [...demos.keys()] });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function route(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void> {
    if (url.pathname === '/api/status') return status(req, res);
    const name = DEMO_PATH.exec(url.pathname)?.[1];
    const demo = name === undefined ? routes.get(url.pathname) : demos.get(name);
    if (!demo) {
      const known = [...demos.keys()].map((key) => `/api/sse/${key}`).join(', ');
      throw new HttpError(404, `No endpoint at ${url.pathname}. Demo streams: ${known}.`);
    }
    const method = req.method ?? 'GET';
    if (!demo.methods.includes(method)) {
      const allowed = demo.methods.join(', ');
      throw new HttpError(405, `Method ${method} is not allowed on ${url.pathname}; use ${allowed}.`, { Allow: allowed });
    }
    return demo.handle({ req, res, query: url.searchParams, client: req.socket.remoteAddress ?? 'unknown', openStream: (options) => streams.open(res, options) });
  }

  function fail(res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) return sendError(res, error);
    console.error('[api] unexpected error:', error);
    sendError(res, new HttpError(500, 'Internal error in the demo endpoint.'));
  }

  return {
    streams,
    close: () => streams.endAll(),
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false;
      try {
        const pending = route(req, res, url);
        if (pending) pending.catch((error: unknown) => fail(res, error));
      } catch (error) {
        fail(res, error);
      }
      return true;
    },
  };
}
