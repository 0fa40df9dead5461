// Broadcast across several instances: the one-process broadcast server,
// with its history and its fan-out moved into a Redis Stream that every
// instance shares. Needs Node.js 20+, Redis 5 or newer and `npm install ioredis`.
// Run two:  PORT=3001 node redis-broadcast-server.mjs
//           PORT=3002 node redis-broadcast-server.mjs
//   listen: curl -N http://127.0.0.1:3001/events
//   send:   curl -d 'Hello, everyone' http://127.0.0.1:3002/messages
import { createServer } from 'node:http';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const STREAM_KEY = 'broadcast:messages'; // the shared history
const HISTORY_LENGTH = 100; // messages kept for replay
const MAX_MESSAGE_BYTES = 1024; // so the history holds at most ~100 KiB
const MAX_QUEUED_BYTES = 64 * 1024; // a reader further behind is dropped

// Two connections: XREAD BLOCK holds its connection until something
// arrives, so posts and replays need one of their own. Without the
// offline queue a command fails at once while Redis is away (a post
// gets a 503) instead of waiting for it; ioredis reconnects by itself.
const options = { enableOfflineQueue: false, maxRetriesPerRequest: 0 };
const redis = new Redis(redisUrl, options);
const tail = new Redis(redisUrl, options);
let redisAway = false;
redis.on('error', (error) => {
  if (!redisAway) console.error(`Redis unreachable (${error.message}), retrying`);
  redisAway = true;
});
redis.on('ready', () => {
  if (redisAway) console.log('Redis is back');
  redisAway = false;
});
tail.on('error', () => {}); // the same outage, reported above
// Start serving once both connections are up (however long that takes).
const ready = (client) => new Promise((resolve) => client.once('ready', resolve));
await Promise.all([ready(redis), ready(tail)]);

// Every open stream, with the id of the last event it was sent. While
// its replay is being read, live messages wait in `heldBack`.
const streams = new Map(); // response -> { lastId, heldBack }

// Redis ids look like "1732251000000-0": milliseconds, then a sequence
// number. Compare them as numbers: as text, "9-0" would sort after "10-0".
const ID = /^\d+-\d+$/;
function isAfter(id, other) {
  const [ms, seq] = id.split('-').map(BigInt);
  const [otherMs, otherSeq] = other.split('-').map(BigInt);
  return ms > otherMs || (ms === otherMs && seq > otherSeq);
}

function frameOf([id, fields]) {
  // Entries are [id, [field, value, ...]]; ours have one field, "text".
  // JSON keeps a line break in the text from ending the data line.
  return `id: ${id}\ndata: ${JSON.stringify({ text: fields[1] })}\n\n`;
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

// Sends an event unless this stream already has it: a reader that comes
// back from another instance may be ahead of this instance's tail.
function sendOnce(res, reader, id, frame) {
  if (!isAfter(id, reader.lastId)) return;
  reader.lastId = id;
  send(res, frame);
}

function deliver(entry) {
  const frame = frameOf(entry); // once per message, for every reader
  for (const [res, reader] of streams) {
    if (reader.heldBack) reader.heldBack.push([entry[0], frame]);
    else sendOnce(res, reader, entry[0], frame);
  }
}

// Each instance follows the stream on its own connection: XREAD BLOCK
// returns what was added after the last id this instance delivered. With
// PUBLISH/SUBSCRIBE a message sent while this connection is down would be
// lost; in the stream it is still there when the next XREAD asks.
// It starts after the newest entry that exists when the instance starts.
const [newest] = await redis.xrevrange(STREAM_KEY, '+', '-', 'COUNT', 1);
let lastDelivered = newest?.[0] ?? '0-0';
async function followStream() {
  for (;;) {
    try {
      const reply = await tail.xread('BLOCK', 5000, 'STREAMS', STREAM_KEY, lastDelivered);
      for (const entry of reply?.[0]?.[1] ?? []) {
        lastDelivered = entry[0];
        deliver(entry);
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500)); // Redis is away
    }
  }
}

// What a reader gets before the live events. The stream is trimmed only
// at its old end, so if the reader's last event is still in it, so is
// everything after it. If not (too old, from before Redis lost its data,
// or made up), the answer is a reset and the whole history.
async function replayFor(lastEventId) {
  if (lastEventId && ID.test(lastEventId)) {
    const since = await redis.xrange(STREAM_KEY, lastEventId, '+');
    if (since[0]?.[0] === lastEventId) return { reset: false, entries: since.slice(1) };
  }
  const entries = await redis.xrange(STREAM_KEY, '-', '+');
  return { reset: Boolean(lastEventId), entries };
}

async function openStream(req, res) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders();
  const lastEventId = req.headers['last-event-id'];
  // Join before reading the replay, holding live messages back, so that
  // nothing posted in between is lost.
  const reader = { lastId: '0-0', heldBack: [] };
  streams.set(res, reader);
  req.on('close', () => streams.delete(res));
  let replay;
  try {
    replay = await replayFor(lastEventId);
  } catch {
    // Redis is away: end the stream rather than leave a silent gap. The
    // browser comes back after its reconnection time.
    streams.delete(res);
    res.end();
    return;
  }
  if (!streams.has(res)) return; // the reader left while we read
  if (replay.reset) {
    // The empty id clears the browser's last event ID.
    res.write('event: reset\nid: \ndata: {}\n\n');
  } else if (lastEventId) {
    reader.lastId = lastEventId;
  }
  for (const entry of replay.entries) sendOnce(res, reader, entry[0], frameOf(entry));
  for (const [id, frame] of reader.heldBack) sendOnce(res, reader, id, frame);
  reader.heldBack = null;
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

async function publish(res, text) {
  try {
    // Redis assigns the id; this instance's readers get the message
    // from the stream like everyone else's, in the same order. MAXLEN
    // trims exactly (the default); with `~` Redis may keep a few more.
    const id = await redis.xadd(STREAM_KEY, 'MAXLEN', HISTORY_LENGTH, '*', 'text', text);
    res.writeHead(201).end(`${id}\n`);
  } catch {
    res.writeHead(503, { 'Retry-After': '5' }).end('Redis is unreachable\n');
  }
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
    await openStream(req, res);
  } else if (req.method === 'POST' && pathname === '/messages') {
    // A client that hangs up mid-upload rejects the read: just drop it.
    const text = await readMessage(req).catch(() => undefined);
    if (text === undefined) res.destroy();
    else if (text === null) res.writeHead(413).end('Message too long\n');
    else if (text === '') res.writeHead(400).end('Empty message\n');
    else await publish(res, text);
  } else {
    res.writeHead(404).end('Not found\n');
  }
});

// One heartbeat timer for all streams: a comment line every 15 s
// keeps idle proxies from cutting them and finds vanished readers.
setInterval(() => {
  for (const res of streams.keys()) send(res, ': ping\n\n');
}, 15_000);

server.listen(port, host, () => {
  console.log(`Broadcast server: http://${host}:${port}/events`);
  void followStream();
});
