/**
 * An SSE backend that answers HTTP/1.1 but sends its body without chunked
 * encoding and ends it by closing the connection, the way HTTP/1.0-style
 * servers do. Whether a proxy passes events on from such a backend shows
 * whether a config really turned buffering off or only happens to work with
 * chunked backends.
 *
 *   const backend = await startUnchunkedBackend({ events: 5, intervalMs: 400 });
 *   backend.address;   // "127.0.0.1:41237"
 *   await backend.stop();
 *
 * Each event carries its send time as `{"i":1,"time":"…"}`, as arrivals.ts expects.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UnchunkedBackend {
  readonly address: string;
  stop(): Promise<void>;
}

export async function startUnchunkedBackend({ events, intervalMs }: { events: number; intervalMs: number }): Promise<UnchunkedBackend> {
  const server = createServer((_req, res) => {
    // No Transfer-Encoding and no Content-Length: the body ends when the connection does.
    res.useChunkedEncodingByDefault = false;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'close' });
    res.flushHeaders();
    let i = 0;
    const timer = setInterval(() => {
      i += 1;
      res.write(`data: ${JSON.stringify({ i, time: new Date().toISOString() })}\n\n`);
      if (i === events) {
        clearInterval(timer);
        res.end();
      }
    }, intervalMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
