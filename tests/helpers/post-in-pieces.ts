import { request } from 'node:http';

/**
 * POSTs `pieces` as one body, each piece written on its own after a pause,
 * so the server reads them as separate chunks: splitting the bytes of one
 * multibyte character between two pieces shows whether the server decodes
 * each chunk alone (and turns the character into U+FFFD).
 */
export function postInPieces(url: string, pieces: Uint8Array[], pauseMs = 50): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.flushHeaders();
    void (async () => {
      for (const piece of pieces) {
        req.write(piece);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      req.end();
    })();
  });
}

/** "Grüße 😀" as two pieces that cut both the ü and the emoji in the middle. */
export function multibyteTextInPieces(): { text: string; pieces: Uint8Array[] } {
  const text = 'Grüße 😀';
  const bytes = new TextEncoder().encode(text);
  const cuts = [3, bytes.length - 2]; // inside "ü" (bytes 2–3) and inside the emoji
  return { text, pieces: [bytes.subarray(0, cuts[0]), bytes.subarray(cuts[0], cuts[1]), bytes.subarray(cuts[1])] };
}
