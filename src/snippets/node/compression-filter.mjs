// compression-filter.mjs: keep the compression middleware away from event
// streams with its filter option, for streams you don't write yourself.
// Run: npm install express compression, then node compression-filter.mjs
import compression from 'compression';
import express from 'express';

const port = Number(process.env.PORT ?? 3000);
const app = express();

// The filter runs when the response's headers go out, so it sees the
// Content-Type the route set. Everything else keeps the default filter.
function skipEventStreams(req, res) {
  const type = String(res.getHeader('Content-Type') ?? '');
  if (type.startsWith('text/event-stream')) return false;
  return compression.filter(req, res);
}
app.use(compression({ filter: skipEventStreams }));

// A stream as many libraries write it: no no-transform, no res.flush().
app.get('/events', (req, res) => {
  res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  let i = 0;
  const timer = setInterval(() => {
    i += 1;
    res.write(`data: ${JSON.stringify({ i, time: new Date().toISOString() })}\n\n`);
  }, 1000);
  res.on('close', () => clearInterval(timer));
});

app.listen(port, '127.0.0.1', () => {
  console.log(`Event stream: http://127.0.0.1:${port}/events`);
});
