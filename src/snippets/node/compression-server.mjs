// compression-server.mjs: Express with the compression middleware in front
// of everything, and two event streams that still arrive on time.
// Run: npm install express compression, then node compression-server.mjs
import compression from 'compression';
import express from 'express';
import { openEventStream } from './sse.mjs';

const port = Number(process.env.PORT ?? 3000);
const app = express();

// Compresses every response whose type is compressible (text/event-stream
// is) for a client that accepts gzip or br, which every browser does.
app.use(compression());

// 1. Left alone: sse.mjs sends Cache-Control: no-transform, and the
//    middleware does not touch a response that carries it.
app.get('/events', (req, res) => {
  const stream = openEventStream(res);
  let i = 0;
  const timer = setInterval(() => {
    i += 1;
    stream.send({ event: 'tick', id: String(i), data: JSON.stringify({ i, time: new Date().toISOString() }) });
  }, 1000);
  stream.onClose(() => clearInterval(timer));
});

// 2. Compressed, and flushed: res.flush(), which the middleware adds,
//    pushes what the compressor holds to the client after every event.
app.get('/compressed-events', (req, res) => {
  res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  let i = 0;
  const timer = setInterval(() => {
    i += 1;
    res.write(`id: ${i}\nevent: tick\ndata: ${JSON.stringify({ i, time: new Date().toISOString() })}\n\n`);
    res.flush();
  }, 1000);
  res.on('close', () => clearInterval(timer));
});

app.listen(port, '127.0.0.1', () => {
  console.log(`Event streams: http://127.0.0.1:${port}/events and /compressed-events`);
});
