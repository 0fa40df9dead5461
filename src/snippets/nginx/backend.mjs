// A Node.js SSE backend to put behind nginx: node:http only.
// Run: PORT=3000 node backend.mjs, then curl -N http://127.0.0.1:3000/events
//
// It deliberately sends no X-Accel-Buffering header: whether events get
// through is up to the nginx config in front of it.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);
// Milliseconds between two ticks, and between two heartbeat comments
// (0 turns the heartbeat off).
const tickMs = Number(process.env.TICK_MS ?? 1000);
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 15_000);

const server = createServer((req, res) => {
  // new URL() throws on a request target that is no path (`GET //[`),
  // and a throw in this handler would end the whole process.
  if (!URL.canParse(req.url, 'http://localhost')) {
    res.writeHead(400).end('Bad request target\n');
    return;
  }
  const url = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' || url.pathname !== '/events') {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not found\n');
    return;
  }

  // ?n=5 sends five ticks and a done event, then ends; no n, no end.
  const count = Number(url.searchParams.get('n') ?? Infinity);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
  });
  // Headers now, so the browser's EventSource opens before the first tick.
  res.flushHeaders();

  let i = 0;
  const ticker = setInterval(() => {
    i += 1;
    const data = JSON.stringify({ i, time: new Date().toISOString() });
    res.write(`id: ${i}\nevent: tick\ndata: ${data}\n\n`);
    if (i >= count) {
      stop();
      res.end('event: done\ndata: {}\n\n');
    }
  }, tickMs);

  // A comment line keeps nginx's proxy_read_timeout (60 s by default)
  // from cutting a stream that has nothing to say for a while.
  const heartbeat = heartbeatMs > 0 ? setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs) : undefined;

  // Client gone or stream finished: no timer may outlive the response.
  const stop = () => {
    clearInterval(ticker);
    clearInterval(heartbeat);
  };
  res.on('close', stop);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`SSE backend: http://127.0.0.1:${port}/events`);
});
