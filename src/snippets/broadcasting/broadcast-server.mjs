// Broadcast: every message goes to every open stream, and a bounded
// history lets a reconnecting browser catch up with Last-Event-ID.
// Run: node broadcast-server.mjs (Node.js 20+)
//   listen: curl -N http://localhost:3000/events
//   send:   curl -d 'Hello, everyone' http://localhost:3000/messages
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const HISTORY_LENGTH = 100; // messages kept for replay
const MAX_MESSAGE_BYTES = 1024; // so the history holds at most ~100 KiB
const MAX_QUEUED_BYTES = 64 * 1024; // a reader further behind is dropped

const streams = new Set(); // every open event stream (its response)
const history = []; // the last HISTORY_LENGTH events: { seq, frame }

// Ids look like "lq3x9b2k.42": this process's start time, then a
// counter. After a restart the history is empty, and an id with an
// older prefix tells us the reader missed messages we no longer have.
const epoch = Date.now().toString(36);
let lastSeq = 0;

function broadcast(text) {
  lastSeq += 1;
  const id = `${epoch}.${lastSeq}`;
  // JSON keeps a line break in the text from ending the data line.
  const frame = `id: ${id}\ndata: ${JSON.stringify({ text })}\n\n`;
  history.push({ seq: lastSeq, frame });
  if (history.length > HISTORY_LENGTH) history.shift();
  // Build the frame once, write the same string to everyone.
  for (const res of streams) send(res, frame);
  return id;
}

function send(res, text) {
  // write() never blocks: for a reader that cannot keep up, Node
  // queues the data in memory. Drop that reader instead; it
  // reconnects and catches up from the history.
  if (res.writableLength > MAX_QUEUED_BYTES) {
    res.destroy();
    streams.delete(res);
    return;
  }
  res.write(text);
}

function openStream(req, res) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
  });
  // Send the headers now: the browser fires `open` when they arrive,
  // and there may be no event to send for a while.
  res.flushHeaders();
  const [prefix, seqText] = (req.headers['last-event-id'] ?? '').split('.');
  const seq = Number(seqText);
  const oldest = history[0]?.seq ?? lastSeq + 1;
  if (!req.headers['last-event-id']) {
    // A new reader: the history first.
    for (const event of history) res.write(event.frame);
  } else if (prefix === epoch && seq >= oldest - 1 && seq <= lastSeq) {
    // A reconnect: only what it missed.
    for (const event of history) if (event.seq > seq) res.write(event.frame);
  } else {
    // Too old, or from before a restart: say so, then send it all.
    // The empty id clears the browser's last event ID.
    res.write('event: reset\nid: \ndata: {}\n\n');
    for (const event of history) res.write(event.frame);
  }
  streams.add(res);
  req.on('close', () => streams.delete(res));
}

// Bytes first, text at the end: a character of several bytes may arrive
// split across two chunks, and decoding each chunk alone makes it U+FFFD.
async function readMessage(req) {
  const chunks = [];
  let bytes = 0;
  for await (const chunk of req) {
    bytes += chunk.length;
    if (bytes > MAX_MESSAGE_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}

const server = createServer(async (req, res) => {
  // new URL() throws on a request target that is no path (`GET //[`),
  // and a throw in this handler would end the whole process.
  if (!URL.canParse(req.url, 'http://localhost')) {
    res.writeHead(400).end('Bad request target\n');
    return;
  }
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && pathname === '/events') {
    openStream(req, res);
  } else if (req.method === 'POST' && pathname === '/messages') {
    // A client that hangs up mid-upload rejects the read: just drop it.
    const text = await readMessage(req).catch(() => undefined);
    if (text === undefined) res.destroy();
    else if (text === null) res.writeHead(413).end('Message too long\n');
    else if (text === '') res.writeHead(400).end('Empty message\n');
    else res.writeHead(201).end(`${broadcast(text)}\n`);
  } else {
    res.writeHead(404).end('Not found\n');
  }
});

// One heartbeat timer for all streams: a comment line every 15 s
// keeps idle proxies from cutting them and finds vanished readers.
setInterval(() => {
  for (const res of streams) send(res, ': ping\n\n');
}, 15_000);

server.listen(port, 'localhost', () => {
  console.log(`Broadcast server: http://localhost:${port}/events`);
});
