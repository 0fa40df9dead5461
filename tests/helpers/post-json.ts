import { request } from 'node:http';

/**
 * POSTs JSON from a chosen loopback address: 127.0.0.0/8 is all loopback on
 * Linux, so each address is a different client to the server's per-address limits.
 */
export function postJson(
  url: string,
  body: unknown,
  { from = '127.0.0.1', raw }: { from?: string; raw?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = raw ?? JSON.stringify(body);
    const req = request(url, {
      method: 'POST',
      localAddress: from,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.end(payload);
  });
}
