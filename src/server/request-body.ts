import type { IncomingMessage } from 'node:http';
import { HttpError, shown } from './http-error.ts';

/**
 * Reads a JSON request body of at most `maxBytes`. Stops reading as soon as
 * the limit is passed, so an oversized upload costs no more than the limit.
 *
 * The parts are copied into one buffer as they come, which grows by
 * doubling: kept as they are, a body sent one byte per TCP segment would
 * cost a Buffer object per byte, about 200 bytes of heap each (measured).
 * The declared length is not trusted for the size of that buffer: a client
 * that announces 512 KiB and sends a byte would make it hold 512 KiB.
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
  let body = Buffer.alloc(0);
  let size = 0;
  try {
    for await (const part of req as AsyncIterable<Buffer>) {
      const end = size + part.byteLength;
      if (end > maxBytes) {
        throw new HttpError(413, `Request body is over the limit of ${maxBytes} bytes.`);
      }
      if (end > body.byteLength) {
        // Buffer.allocUnsafeSlow: memory of its own, not a slice of Node's shared pool that would keep the whole pool alive.
        const grown = Buffer.allocUnsafeSlow(Math.min(maxBytes, Math.max(end, 2 * body.byteLength, 1024)));
        body.copy(grown, 0, 0, size);
        body = grown;
      }
      part.copy(body, size);
      size = end;
    }
  } catch (error) {
    // A client that hangs up mid-body is not an error of ours: the answer
    // goes nowhere, and nothing is logged.
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'The request body ended before it was complete.');
  }
  try {
    return JSON.parse(body.toString('utf8', 0, size));
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON.');
  }
}
