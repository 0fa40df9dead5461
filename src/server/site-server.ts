import { ServerResponse, STATUS_CODES, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Api } from './api.ts';
import { policyForPage } from './content-security-policy.ts';
import { logUnexpected } from './error-log.ts';
import { HttpError, sendError, shown } from './http-error.ts';
import { requestTarget } from './request-target.ts';
import type { StaticFiles } from './static-files.ts';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Sent with every response, pages and API alike:
 * - `nosniff`: a browser takes each response as the type it declares (an
 *   error text is never run as script, a stream never rendered as HTML);
 * - `Referrer-Policy: same-origin`: following a link to another site tells
 *   it nothing about which page the reader came from;
 * - `X-Frame-Options: DENY`: no page can be framed (the CSP's
 *   `frame-ancestors 'none'` says the same to browsers that read it).
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

type Headers = OutgoingHttpHeaders | OutgoingHttpHeader[];

/**
 * The response class of the production server (start.ts passes it to
 * `createServer`): every response carries the security headers. They are
 * merged into the headers given to `writeHead()` rather than set ahead with
 * `setHeader()` on each request: a header set ahead makes Node keep a map of
 * all the response's headers for as long as the response lives, about
 * 0.6 KB of heap for each open event stream (README, "Load benchmark").
 * Headers given to `writeHead()` or set by the handler win, as before.
 */
export class SecureResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override writeHead(statusCode: number, messageOrHeaders?: string | Headers, maybeHeaders?: Headers): this {
    const message = typeof messageOrHeaders === 'string' ? messageOrHeaders : undefined;
    let headers = typeof messageOrHeaders === 'string' ? maybeHeaders : messageOrHeaders;
    if (Array.isArray(headers) || this.getHeaderNames().length > 0) {
      // The map exists already (or raw header pairs are coming): add to it what the handler left unset.
      for (const [name, value] of Object.entries(securityHeaders)) if (!this.hasHeader(name)) this.setHeader(name, value);
    } else {
      headers = { ...securityHeaders, ...headers };
    }
    return message === undefined ? super.writeHead(statusCode, headers) : super.writeHead(statusCode, message, headers);
  }
}

const PAGE_METHODS = 'GET, HEAD';

/**
 * The production server's options for slow clients (start.ts): receiving a
 * request's headers, and all of it, may take this long, so a client that
 * trickles bytes cannot hold a socket forever. Node enforces both only when
 * it checks the connections, every 30 s by default, which made them 10–40 s
 * and 30–60 s; checking twice a second keeps them within half a second. A
 * check looks only at connections with a request still arriving, not at
 * open streams.
 */
export const requestTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  connectionsCheckingInterval: 500,
} as const;

/**
 * The production request handler, for a server whose responses are
 * SecureResponse: `/api/*` goes to our endpoint, the built
 * site's files are served compressed from memory (src/server/static-files.ts),
 * and everything else (404s, redirects) goes to Astro's standalone handler.
 *
 * Nothing a client sends may end the process: a request target that is not a
 * path gets 400, a method other than GET or HEAD on a page gets 405 (Astro
 * would answer TRACE with a 500 and a stack trace in the log), and anything
 * that still throws, now or later, is logged in one line and answered 500.
 */
export function createSiteHandler(api: Api, files: StaticFiles, astro: NodeHandler, contentSecurityPolicy: string) {
  function failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    logUnexpected(req, error);
    sendError(res, new HttpError(500, 'Internal server error.'));
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      // Node's own check (`requireHostHeader`, off in start.ts) answers with an empty body.
      if (req.headers.host === undefined && req.httpVersion === '1.1') {
        return sendError(res, new HttpError(400, 'An HTTP/1.1 request must carry a Host header (RFC 9112 §3.2).'));
      }
      const target = requestTarget(req);
      if (target === null) {
        return sendError(res, new HttpError(400, `Malformed request target ${shown(req.url ?? '', 100)}: expected a path such as "/guide/".`));
      }
      if (api.handle(req, res, target)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendError(
          res,
          new HttpError(405, `Method ${req.method} is not allowed on pages; use ${PAGE_METHODS}.`, { Allow: PAGE_METHODS }),
        );
      }
      let path: string;
      try {
        path = decodeURIComponent(target.pathname);
      } catch {
        // Astro would answer `Bad request.` without a Content-Type.
        return sendError(
          res,
          new HttpError(400, `Malformed percent-encoding in the path ${shown(target.pathname, 100)}: a "%" must start an escape such as "%20".`),
        );
      }
      res.setHeader('Content-Security-Policy', policyForPage(contentSecurityPolicy, target.pathname));
      if (files.serve(req, res, path)) return;
      const pending = astro(req, res);
      if (pending instanceof Promise) pending.catch((error: unknown) => failed(req, res, error));
    } catch (error) {
      failed(req, res, error);
    }
  };
}

/**
 * An answer written straight to a socket that no ServerResponse owns (the
 * parser refused the request, or it is a CONNECT): the same security headers
 * as every other response, a one-line reason, and the end of the connection.
 */
function answerOnSocket(socket: Duplex, status: number, reason: string, headers: Record<string, string> = {}): void {
  const body = `${reason}\n`;
  const fields = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...securityHeaders,
    ...headers,
    Connection: 'close',
  };
  const head = Object.entries(fields).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
}

/** How long an ended connection may take to pass on what it still holds before it is destroyed. */
const END_WAIT_MS = 5000;

/**
 * Requests Node's HTTP parser refuses before any handler runs (bad syntax,
 * headers too large, too slow) get a one-line reason too, instead of Node's
 * bare `400` with no body. https://nodejs.org/api/http.html#event-clienterror
 *
 * The error may also come while a response is under way on the connection:
 * garbage pipelined behind a stream's request, or a stream GET whose body
 * never completes (the request timeout). An answer written to the socket
 * then would land inside that response's body (`HTTP/1.1 400` in the middle
 * of an event stream), so a response that has sent its headers is cut by
 * ending the connection; one that has sent nothing yet is answered for.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A connection reset or an answer already on its way: nothing to say.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are larger than the limit of 16 KiB.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, `The request did not arrive in time: headers within ${requestTimeouts.headersTimeout / 1000} s, the whole request within ${requestTimeouts.requestTimeout / 1000} s.`]
        : [400, `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}).`];
  // Node keeps the response under way on its connection here (undocumented,
  // but what its own clientError default checks before it writes).
  if ((socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage?.headersSent) {
    // end(), not destroy(): the response's own bytes may still be corked in
    // this turn (src/server/event-stream.ts); the client gets them, then a
    // body cut short. A client that does not read them is not waited for.
    socket.end();
    const giveUp = setTimeout(() => socket.destroy(), END_WAIT_MS).unref();
    socket.once('finish', () => {
      clearTimeout(giveUp);
      socket.destroy();
    });
    return;
  }
  // A handler still at work (an async one that has written nothing yet)
  // then writes into an ended connection, which Node ignores.
  answerOnSocket(socket, status, reason);
}

/**
 * An `Expect` header other than `100-continue`: Node's default answer is a
 * bare 417 without a reason. https://nodejs.org/api/http.html#event-checkexpectation
 */
export function refuseExpectation(req: IncomingMessage, res: ServerResponse): void {
  sendError(res, new HttpError(417, `The only expectation this server meets is "Expect: 100-continue", not ${shown(req.headers.expect ?? '', 60)}.`));
}

/**
 * `CONNECT host:port` asks for a tunnel; Node hands such requests to this
 * listener and, without one, drops the connection with no answer at all.
 */
export function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  // Node has taken its own error listener off the socket: a reset must not become an uncaught error.
  socket.on('error', () => socket.destroy());
  answerOnSocket(socket, 405, `This server is not a proxy: CONNECT is not allowed; pages take ${PAGE_METHODS}.`, { Allow: PAGE_METHODS });
}
