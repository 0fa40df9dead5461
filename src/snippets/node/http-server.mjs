// http-server.mjs: the progress of a job as an event stream, node:http only.
// Run: node http-server.mjs (Node.js 20+), then: curl -N http://localhost:3000/progress
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { openEventStream } from './sse.mjs';

const port = Number(process.env.PORT ?? 3000);
const STEPS = 10;

const server = createServer((req, res) => {
  // new URL() throws on a request target that is no path (`GET //[`),
  // and a throw in this handler would end the whole process.
  if (!URL.canParse(req.url, 'http://localhost')) {
    res.writeHead(400).end('Bad request target\n');
    return;
  }
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && pathname === '/progress') {
    streamProgress(req, res);
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Not found\n');
});

async function streamProgress(req, res) {
  // After a drop the browser sends the id of the last step it saw.
  const lastId = req.headers['last-event-id'] ?? '';
  const lastStep = /^\d+$/.test(lastId) ? Number(lastId) : 0;

  if (lastStep >= STEPS) {
    // The client saw every step but missed "done". A 204 ends
    // EventSource for good (readyState CLOSED, no more reconnects).
    res.writeHead(204);
    res.end();
    return;
  }

  const stream = openEventStream(res);
  for (let step = lastStep + 1; step <= STEPS; step++) {
    await sleep(300); // stands in for real work
    if (stream.closed) return; // the client left: stop working for it

    const progress = { step, of: STEPS, percent: Math.round((step / STEPS) * 100) };
    const ok = stream.send({ event: 'progress', id: String(step), data: JSON.stringify(progress) });
    // Backpressure: this producer can wait, so it does.
    if (!ok) await stream.drained();
  }
  // Without it the browser would reconnect and ask again.
  stream.send({ event: 'done', data: JSON.stringify({ ok: true }) });
  stream.end();
}

server.listen(port, 'localhost', () => {
  console.log(`Progress stream: http://localhost:${port}/progress`);
});
