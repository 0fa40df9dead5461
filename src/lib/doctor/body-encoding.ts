/** How the body is encoded: what `Content-Encoding` says, and what the first bytes say. */
import { header } from './check.ts';
import type { StreamObservation } from './types.ts';

/** The `Content-Encoding` of the response (lower-cased), or null for none or identity. */
export function contentEncoding(first: StreamObservation): string | null {
  const value = (header(first, 'content-encoding') ?? '').trim().toLowerCase();
  return value === '' || value === 'identity' ? null : value;
}

/** The format whose magic bytes start the body, or 'binary' for bytes no event stream contains; null for text. */
export function compressedFormat(first: StreamObservation): string | null {
  const head = new Uint8Array(64);
  let length = 0;
  for (const chunk of first.chunks) {
    const take = Math.min(chunk.bytes.byteLength, head.length - length);
    head.set(chunk.bytes.subarray(0, take), length);
    length += take;
    if (length === head.length) break;
  }
  if (length < 2) return null;
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  // Brotli has no magic number: an event stream is UTF-8 text, and control bytes other than
  // tab, CR and LF (or invalid UTF-8) in its first bytes mean it is not one.
  const sample = head.subarray(0, length);
  const controls = sample.filter((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d).length;
  let validText = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    validText = false;
  }
  return controls > 0 || !validText ? 'binary' : null;
}

