import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Api } from './api.ts';
import { policyForPage } from './content-security-policy.ts';
import { logUnexpected } from './error-log.ts';
import { HttpError, sendError } from './http-error.ts';
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
      const target = requestTarget(req);
      if (target === null) {
        const shown = JSON.stringify((req.url ?? '').slice(0, 100));
        return sendError(res, new HttpError(400, `Malformed request target ${shown}: expected a path such as "/guide/".`));
      }
      if (api.handle(req, res, target)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendError(
          res,
          new HttpError(405, `Method ${req.method} is not allowed on pages; use ${PAGE_METHODS}.`, { Allow: PAGE_METHODS }),
        );
      }
      res.setHeader('Content-Security-Policy', policyForPage(contentSecurityPolicy, target.pathname));
      if (files.serve(req, res, target.pathname)) return;
      const pending = astro(req, res);
      if (pending instanceof Promise) pending.catch((error: unknown) => failed(req, res, error));
    } catch (error) {
      failed(req, res, error);
    }
  };
}

/**
 * Requests Node's HTTP parser refuses before any handler runs (bad syntax,
 * headers too large, too slow) get a one-line reason too, instead of Node's
 * bare `400` with no body. https://nodejs.org/api/http.html#event-clienterror
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A connection reset or an answer already on its way: nothing to say.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', 'The request headers are larger than the limit of 16 KiB.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', 'The request did not arrive in time: headers within 10 s, the whole request within 30 s.']
        : ['400 Bad Request', `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}).`];
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}
