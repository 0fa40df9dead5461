import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress, clientKey } from './client-address.ts';
import type { EndpointConfig } from './config.ts';
import { createEndpoints } from './demos/index.ts';
import { logUnexpected } from './error-log.ts';
import { HttpError, sendError, shown } from './http-error.ts';
import { OpenStreams } from './open-streams.ts';
import { requestTarget } from './request-target.ts';

export interface Api {
  /**
   * Answers a request under `/api/`; returns false for any other path, which
   * the caller passes on. `url` is the request target as `requestTarget()`
   * returned it, for a caller that has parsed it already (the production
   * server, to refuse malformed targets), so that no request parses its
   * target twice (`new URL` is a measurable share of a new stream's CPU:
   * README, "Load benchmark").
   */
  handle(req: IncomingMessage, res: ServerResponse, url?: URL | null): boolean;
  /** The open event streams (their count is in `GET /api/status`). */
  readonly streams: OpenStreams;
  /**
   * Asks every open stream's client to come back in `retryMs` or a little
   * later, and ends the streams; a stream asked for afterwards gets 503.
   */
  close(retryMs?: number): void;
  /**
   * For the end of shutdown's grace time: answers every request whose handler
   * is still at work (an upload still arriving) with 503 and `Retry-After`,
   * instead of a connection closed without a word. Returns how many.
   */
  refuseUnfinished(retryMs?: number): number;
}

const DEMO_PATH = /^\/api\/sse\/([a-z0-9-]+(?:\/[a-z0-9-]+)?)$/;

/**
 * The `/api/*` handler: plain `node:http`, mounted in front of Astro in
 * production (src/server/site-server.ts) and on the dev server (src/dev-endpoint.ts).
 */
export function createApi(config: EndpointConfig): Api {
  const streams = new OpenStreams(config);
  const { demos, routes, broadcasts } = createEndpoints(config);
  /** Responses whose handler has not finished (a stream's handler finishes once the stream is set up). */
  const unfinished = new Set<ServerResponse>();

  function status(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, `Method ${req.method} is not allowed on /api/status; use GET.`, { Allow: 'GET, HEAD' });
    }
    const { rss, heapUsed } = process.memoryUsage();
    const body = JSON.stringify({
      openStreams: streams.size,
      maxStreams: config.maxStreams,
      maxStreamsPerClient: config.maxStreamsPerClient,
      memory: { rss, heapUsed },
      broadcast: broadcasts.status(),
      demos: [...demos.keys()],
    });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function route(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void> {
    if (url.pathname === '/api/status') return status(req, res);
    const name = DEMO_PATH.exec(url.pathname)?.[1];
    const demo = name === undefined ? routes.get(url.pathname) : demos.get(name);
    if (!demo) {
      const known = [...demos.keys()].map((key) => `/api/sse/${key}`).join(', ');
      throw new HttpError(404, `No endpoint at ${shown(url.pathname, 100)}. Demo streams: ${known}.`);
    }
    const method = req.method ?? 'GET';
    // HEAD is answered wherever GET is, like the pages: the same status and
    // headers, no body (the event stream ends right after its headers).
    const allowed = demo.methods.includes('GET') ? [...demo.methods, 'HEAD'] : demo.methods;
    if (!allowed.includes(method)) {
      throw new HttpError(405, `Method ${method} is not allowed on ${shown(url.pathname, 100)}; use ${allowed.join(', ')}.`, {
        Allow: allowed.join(', '),
      });
    }
    const client = clientKey(clientAddress(req, config.trustedProxies), config.ipv6PrefixBits);
    const headersOnly = method === 'HEAD';
    return demo.handle({
      req,
      res,
      query: url.searchParams,
      client,
      openStream: ({ heartbeat } = {}) => streams.open(res, { client, heartbeat, headersOnly }),
    });
  }

  function fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (error instanceof HttpError) return sendError(res, error);
    logUnexpected(req, error);
    sendError(res, new HttpError(500, 'Internal error in the demo endpoint.'));
  }

  return {
    streams,
    close: (retryMs = 5000) => {
      streams.endAll(retryMs);
      void broadcasts.close();
    },
    refuseUnfinished: (retryMs = 5000) => {
      const seconds = String(Math.ceil(retryMs / 1000));
      let answered = 0;
      for (const res of unfinished) {
        if (res.headersSent) continue;
        sendError(
          res,
          new HttpError(503, `The server is shutting down and could not finish this request; try again in ${seconds} s.`, {
            'Retry-After': seconds,
            Connection: 'close',
          }),
        );
        answered += 1;
      }
      return answered;
    },
    handle(req, res, url = requestTarget(req)) {
      // A target that is not a path (`//[`, `*`, an absolute URL) is none of
      // ours; the caller refuses it (src/server/site-server.ts).
      if (url === null) return false;
      if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false;
      try {
        const pending = route(req, res, url);
        if (pending) {
          unfinished.add(res);
          pending.then(
            () => unfinished.delete(res),
            (error: unknown) => {
              unfinished.delete(res);
              fail(req, res, error);
            },
          );
        }
      } catch (error) {
        fail(req, res, error);
      }
      return true;
    },
  };
}
