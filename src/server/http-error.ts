import type { ServerResponse } from 'node:http';

/**
 * A request the endpoint refuses, with the status and the one-line reason
 * the client gets back. Thrown by validation, turned into a response by the router.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** Plain-text error answer: readable in curl, in DevTools and in a demo's error box. */
export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${error.message}\n`;
  res.writeHead(error.status, {
    ...error.headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
