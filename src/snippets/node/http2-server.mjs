// http2-server.mjs: an event stream over HTTP/2, with HTTP/1.1 as fallback.
// Browsers speak HTTP/2 only over TLS, so this needs a key and certificate:
//   TLS_KEY=key.pem TLS_CERT=cert.pem node http2-server.mjs
import { createSecureServer } from 'node:http2';
import { readFileSync } from 'node:fs';
import { openEventStream } from './sse.mjs';

const port = Number(process.env.PORT ?? 3443);

const server = createSecureServer(
  {
    key: readFileSync(process.env.TLS_KEY ?? 'key.pem'),
    cert: readFileSync(process.env.TLS_CERT ?? 'cert.pem'),
    // Clients without HTTP/2 get HTTP/1.1 from the same handler.
    allowHTTP1: true,
  },
  // The compatibility API: req and res look like node:http's, so the
  // helper from sse.mjs works unchanged on both protocols.
  (req, res) => {
    if (req.method === 'GET' && req.url === '/events') {
      const stream = openEventStream(res);
      const timer = setInterval(() => {
        stream.send({ event: 'time', data: JSON.stringify({ time: new Date().toISOString(), http: req.httpVersion }) });
      }, 1000);
      stream.onClose(() => clearInterval(timer));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  },
);

server.listen(port, 'localhost', () => {
  console.log(`Event stream over HTTP/2: https://localhost:${port}/events`);
});
