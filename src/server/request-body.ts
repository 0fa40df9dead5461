import type { IncomingMessage } from 'node:http';
import { HttpError, shown } from './http-error.ts';

/**
 * Reads a JSON request body of at most `maxBytes`. Stops reading as soon as
 * the limit is passed, so an oversized upload costs no more than the limit.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, `Send the body as JSON with "Content-Type: application/json", not ${shown(type || 'none')}.`);
  }
  // JSON between systems is UTF-8 (RFC 8259 §8.1); a body declared in another charset would be misread.
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, `Send the body as UTF-8: "Content-Type: application/json; charset=utf-8" or no charset, not charset ${shown(charset)}.`);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    throw new HttpError(413, `Request body is ${declared} bytes; the limit is ${maxBytes} bytes.`);
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const part of req as AsyncIterable<Buffer>) {
      size += part.byteLength;
      if (size > maxBytes) {
        throw new HttpError(413, `Request body is over the limit of ${maxBytes} bytes.`);
      }
      parts.push(part);
    }
  } catch (error) {
    // A client that hangs up mid-body is not an error of ours: the answer
    // goes nowhere, and nothing is logged.
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'The request body ended before it was complete.');
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON.');
  }
}
