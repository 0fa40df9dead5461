// An event feed that a client can resume: the server keeps its last events
// and replays what a reconnecting client missed.
// Run: node replay-server.mjs (Node.js 20+). Every constant below can be set
// from the environment, e.g. PORT=3001 HISTORY=500 node replay-server.mjs
import { createServer } from 'node:http';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const PORT = env('PORT', 3000);
const TICK_MS = env('TICK_MS', 1000); // one new event per tick
const TOTAL = env('TOTAL', 600); // the feed ends after this many events
const HISTORY = env('HISTORY', 100); // events kept for replay
const RETRY_MS = env('RETRY_MS', 2000); // reconnection time for the browser

const HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

const history = []; // the last HISTORY events as { id, text }, oldest first
const clients = new Set(); // open responses
let lastId = 0;
let finished = false;

function eventText({ id, event, data }) {
  let text = id === undefined ? '' : `id: ${id}\n`;
  if (event !== undefined) text += `event: ${event}\n`;
  return `${text}data: ${JSON.stringify(data)}\n\n`;
}

// The feed itself: a counter. A real server would publish orders, chat
// messages or job progress here.
const ticker = setInterval(() => {
  lastId += 1;
  const text = eventText({ id: lastId, data: { n: lastId } });
  history.push({ id: lastId, text });
  if (history.length > HISTORY) history.shift();
  for (const res of clients) res.write(text);
  if (lastId === TOTAL) finish();
}, TICK_MS);

// Comments keep idle proxies from cutting the streams.
const heartbeat = setInterval(() => {
  for (const res of clients) res.write(': ping\n\n');
}, 15_000);

function finish() {
  finished = true;
  clearInterval(ticker);
  clearInterval(heartbeat);
  for (const res of clients) res.end(eventText({ event: 'done', data: { last: lastId } }));
  clients.clear();
}

// The events after `lastSeen`, or null when they can't be replayed: an ID
// older than the history, or one this process never sent (it restarted).
function eventsAfter(lastSeen) {
  if (!/^\d+$/.test(lastSeen)) return null;
  const seen = Number(lastSeen);
  const oldest = history.length > 0 ? history[0].id : lastId + 1;
  if (seen > lastId || seen < oldest - 1) return null;
  return history.filter((event) => event.id > seen);
}

const server = createServer((req, res) => {
  // new URL() throws on a request target that is no path (`GET //[`),
  // and a throw in this handler would end the whole process.
  if (!URL.canParse(req.url, 'http://localhost')) {
    res.writeHead(400).end('Bad request target\n');
    return;
  }
  const url = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' || url.pathname !== '/events') {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }

  // EventSource sends the header when it reconnects by itself. A client
  // that had to create a new EventSource can't set headers, so it passes
  // the ID in the URL. The header is newer when both are there.
  const lastSeen = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? '';
  const missed = lastSeen === '' ? [] : eventsAfter(lastSeen);

  // Over, and nothing left to send: 204 tells EventSource to stop for good.
  if (finished && missed !== null && missed.length === 0) {
    res.writeHead(204);
    res.end();
    return;
  }

  res.writeHead(200, HEADERS);
  res.write(`retry: ${RETRY_MS}\n\n`);
  if (missed === null) {
    // Too old to replay: say so, and move the client's last ID to now so
    // its next reconnect doesn't land here again.
    res.write(eventText({ id: lastId, event: 'reset', data: { n: lastId } }));
  } else {
    for (const event of missed) res.write(event.text);
  }

  if (finished) {
    res.end(eventText({ event: 'done', data: { last: lastId } }));
    return;
  }
  clients.add(res);
  req.on('close', () => clients.delete(res));
});

server.listen(PORT, 'localhost', () => {
  console.log(`Replay feed: http://localhost:${PORT}/events`);
});
