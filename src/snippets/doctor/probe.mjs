// probe.mjs: a probe for the stream doctor (npm run doctor -- URL). Mount it
// next to your app's real stream, so it passes the same proxies, CDN and
// compression, and point the doctor at it: every event carries its send
// time, so the doctor measures each delay exactly and can name a buffer's size.
//   Standalone: PORT=3000 node probe.mjs   (any path serves the probe)
//   In your app: import { handleProbe } from './probe.mjs';
//                app.get('/sse-probe', handleProbe);   // Express; or call it from node:http
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const INTERVAL_MS = 250; // one event every 250 ms, on a fixed schedule
const COUNT = 40; // 10 s in all
const SIZES = [300, 700, 1100]; // bytes per event, in turn: batches then show a buffer's size

/** Probe event `seq` as text, padded with a comment line to exactly its size. */
export function probeEvent(seq, sentAt) {
  const head = `event: probe\nid: ${seq}\ndata: ${JSON.stringify({ seq, sentAt })}\n:`;
  const size = SIZES[(seq - 1) % SIZES.length];
  return head + 'x'.repeat(Math.max(0, size - head.length - 2)) + '\n\n';
}

// CORS, so the doctor's page can check the probe from a browser: any origin
// may read it (it carries nothing but timings), and the reconnect may send
// Last-Event-ID (a header that needs the preflight's consent).
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Last-Event-ID',
  'Access-Control-Expose-Headers': 'Content-Encoding, X-Accel-Buffering',
};

export function handleProbe(req, res) {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS).end();
    return;
  }
  // A reconnect continues after the last event the client saw; after the last one, 204 stops EventSource.
  const lastId = req.headers['last-event-id'] ?? '';
  const first = /^\d+$/.test(lastId) ? Number(lastId) + 1 : 1;
  if (first > COUNT) {
    res.writeHead(204, CORS).end();
    return;
  }
  res.writeHead(200, {
    ...CORS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    // No `X-Accel-Buffering: no` here: it would switch off the very nginx
    // buffer the probe is there to find (your real stream should send it).
  });
  res.write('retry: 1000\n\n');
  const start = performance.now();
  let seq = first;
  let timer;
  const sendNext = () => {
    res.write(probeEvent(seq, Date.now())); // node:http sends each write at once
    seq += 1;
    if (seq > COUNT) {
      res.end();
      return;
    }
    // Aim at the schedule, not "250 ms after the last write", so delays do not add up.
    timer = setTimeout(sendNext, Math.max(0, start + (seq - first) * INTERVAL_MS - performance.now()));
  };
  res.on('close', () => clearTimeout(timer));
  sendNext();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3000);
  createServer(handleProbe).listen(port, () => console.log(`probe on http://localhost:${port}/`));
}
