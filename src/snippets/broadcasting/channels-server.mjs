// Channels: an event for one user (all of that user's tabs) or for one
// topic's subscribers, instead of for everyone.
// Run: node channels-server.mjs (Node.js 20+)
//   listen: curl -N 'http://localhost:3000/events?user=ada&topic=builds'
//   send:   curl -d 'Your export is ready' http://localhost:3000/users/ada
//           curl -d 'Build 412 passed' http://localhost:3000/topics/builds
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const MAX_TOPICS = 20; // per stream
const MAX_MESSAGE_BYTES = 1024;
const MAX_QUEUED_BYTES = 64 * 1024; // a reader further behind is dropped
const NAME = /^[\w-]{1,64}$/; // user ids and topic names

// "user:ada" -> the responses of ada's open streams, one per tab;
// "topic:builds" -> the responses of everyone who subscribed to it.
const channels = new Map();

function join(channel, res) {
  let members = channels.get(channel);
  if (!members) channels.set(channel, (members = new Set()));
  members.add(res);
}

function leave(channel, res) {
  const members = channels.get(channel);
  members.delete(res);
  // An empty set left behind for every user who ever connected is
  // a leak that grows with the number of users, not of streams.
  if (members.size === 0) channels.delete(channel);
}

// Returns how many streams the event went to.
function sendTo(channel, text) {
  const members = channels.get(channel);
  if (!members) return 0;
  const frame = `data: ${JSON.stringify({ text })}\n\n`; // built once
  for (const res of members) send(res, frame);
  return members.size;
}

function send(res, frame) {
  // As in the broadcast: drop a reader that does not keep up, rather
  // than queue its events in memory. Its 'close' handler cleans up.
  if (res.writableLength > MAX_QUEUED_BYTES) res.destroy();
  else res.write(frame);
}

// A stand-in: take the user from the session (a cookie, see the
// Authentication page), never from the URL, or anyone could read
// anyone's events.
function userOf(url) {
  return url.searchParams.get('user');
}

function openStream(req, res, url) {
  const user = userOf(url);
  // Each topic once: one joined twice would be left twice on close.
  const topics = [...new Set(url.searchParams.getAll('topic'))];
  if (!user || ![user, ...topics].every((name) => NAME.test(name))) {
    res.writeHead(400).end('user and topic: 1 to 64 letters, digits, _ or -\n');
    return;
  }
  if (topics.length > MAX_TOPICS) {
    res.writeHead(400).end(`At most ${MAX_TOPICS} topics\n`);
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders();
  const joined = [`user:${user}`, ...topics.map((topic) => `topic:${topic}`)];
  for (const channel of joined) join(channel, res);
  req.on('close', () => {
    for (const channel of joined) leave(channel, res);
  });
}

// Bytes first, text at the end: a character split across two chunks
// would otherwise become U+FFFD.
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
  // new URL() throws on a target that is no path (`GET //[`), and a
  // throw in this handler would end the whole process.
  if (!URL.canParse(req.url, 'http://localhost')) {
    res.writeHead(400).end('Bad request target\n');
    return;
  }
  const url = new URL(req.url, 'http://localhost');
  // POST /users/<id> or POST /topics/<name>
  const [, kind, name, ...rest] = url.pathname.split('/');
  if (req.method === 'GET' && url.pathname === '/events') {
    openStream(req, res, url);
  } else if (req.method === 'POST' && (kind === 'users' || kind === 'topics') && rest.length === 0) {
    if (!NAME.test(name)) {
      res.writeHead(400).end('Name: 1 to 64 letters, digits, _ or -\n');
      return;
    }
    // A client that hangs up mid-upload rejects the read: just drop it.
    const text = await readMessage(req).catch(() => undefined);
    if (text === undefined) res.destroy();
    else if (text === null) res.writeHead(413).end('Message too long\n');
    else if (text === '') res.writeHead(400).end('Empty message\n');
    else res.writeHead(200).end(`${sendTo(`${kind === 'users' ? 'user' : 'topic'}:${name}`, text)}\n`);
  } else {
    res.writeHead(404).end('Not found\n');
  }
});

// One timer for all streams. A named event, not a comment: EventSource
// shows no comment to the page, and the page's watchdog (keep-alive.js)
// needs something it can see. It goes to every channel of every user,
// so each stream gets it once: the user's own channel.
setInterval(() => {
  for (const [channel, members] of channels) {
    if (channel.startsWith('user:')) for (const res of members) send(res, 'event: ping\ndata:\n\n');
  }
}, Number(process.env.HEARTBEAT_MS ?? 15_000));

server.listen(port, 'localhost', () => {
  console.log(`Channels server: http://localhost:${port}/events`);
});
