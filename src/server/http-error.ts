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

/**
 * A value taken from the request, as an error message shows it: quoted and
 * escaped, and cut to `maxChars` characters, so that an error answer never
 * grows with what the client sent (a 400 KB string must not come back as a
 * 400 KB error body). Arrays and objects are named, not printed: printing a
 * deeply nested one could itself overflow the stack.
 */
export function shown(value: unknown, maxChars = 40): string {
  if (typeof value === 'string') return JSON.stringify(value.length > maxChars ? `${value.slice(0, maxChars)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** Plain-text error answer: readable in curl, in DevTools and in a demo's error box. */
export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${error.message}\n`;
  // The body is plain text, whatever the handler had prepared for its answer
  // (the gzip lab sets `Content-Encoding: gzip` before a cap may refuse it):
  // a client told it is compressed could not read the reason.
  res.removeHeader('Content-Encoding');
  res.writeHead(error.status, {
    ...error.headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
