// SSE quick start: a page and an event stream, node:http only.
// Run: node server.mjs (Node.js 20+), then open the printed URL.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

const port = Number(process.env.PORT ?? 3000);
const page = new URL('./index.html', import.meta.url);
const HTML = { 'Content-Type': 'text/html; charset=utf-8' };
const TEXT = { 'Content-Type': 'text/plain; charset=utf-8' };

const server = createServer(async (req, res) => {
  // new URL() throws on a request target that is no path (`GET //[`),
  // and a throw in this handler would end the whole process.
  if (!URL.canParse(req.url, 'http://localhost')) {
    res.writeHead(400).end('Bad request target\n');
    return;
  }
  const { pathname } = new URL(req.url, 'http://localhost');

  if (req.method === 'GET' && pathname === '/') {
    try {
      // Read on every request: edits show up after a reload.
      const html = await readFile(page);
      res.writeHead(200, HTML);
      res.end(html);
    } catch {
      res.writeHead(500, TEXT);
      res.end('index.html is missing next to server.mjs\n');
    }
    return;
  }

  if (req.method === 'GET' && pathname === '/events') {
    streamTime(req, res);
    return;
  }

  res.writeHead(404, TEXT);
  res.end('Not found\n');
});

function streamTime(req, res) {
  // All an event stream needs. No Connection header on purpose:
  // HTTP/1.1 keeps the connection open anyway, and HTTP/2 and
  // HTTP/3 forbid that header.
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
  });

  // On a reconnect the browser sends the last id it saw as
  // Last-Event-ID. A clock has nothing worth replaying, so we
  // just carry on counting from there.
  const lastId = req.headers['last-event-id'] ?? '';
  let id = /^\d+$/.test(lastId) ? Number(lastId) : 0;

  const sendTime = () => {
    id += 1;
    const time = new Date().toISOString();
    const data = JSON.stringify({ time });
    // One event: a line per field, then the blank line that
    // tells the browser the event is complete.
    res.write(`id: ${id}\nevent: time\ndata: ${data}\n\n`);
  };

  // First event at once, so the page isn't empty for a second.
  sendTime();
  const ticker = setInterval(sendTime, 1000);

  // A comment line every 15 s. The browser ignores it, but
  // proxies that cut idle connections see traffic, and a
  // write to a client that vanished silently makes Node notice.
  const heartbeat = setInterval(() => {
    res.write(': ping\n\n');
  }, 15_000);

  // Tab closed, close() called or network gone: stop the timers,
  // or they keep writing into a dead connection forever.
  req.on('close', () => {
    clearInterval(ticker);
    clearInterval(heartbeat);
  });
}

server.listen(port, 'localhost', () => {
  console.log(`SSE quick start: http://localhost:${port}/`);
});
