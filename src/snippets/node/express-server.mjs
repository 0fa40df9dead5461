// express-server.mjs: an authenticated event stream with Express.
// Run: npm install express, then
//   API_TOKEN=… node express-server.mjs
// Optional: ALLOWED_ORIGIN=https://app.example lets pages of that one
// other origin read the stream with credentials (CORS).
import express from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { openEventStream } from './sse.mjs';

const port = Number(process.env.PORT ?? 3000);
const apiToken = process.env.API_TOKEN;
const allowedOrigin = process.env.ALLOWED_ORIGIN;
if (!apiToken) throw new Error('Set API_TOKEN to the secret clients must present.');

const app = express();

// CORS with credentials: the exact origin (never "*") plus
// Access-Control-Allow-Credentials, or the browser hides the response.
app.use((req, res, next) => {
  if (!allowedOrigin) return next();
  // Every response depends on Origin now, the refused ones too: without
  // Vary a cache could hand one origin's answer to another.
  res.vary('Origin');
  if (req.get('Origin') !== allowedOrigin) return next();
  res.set({
    'Access-Control-Allow-Origin': allowedOrigin,
    'Access-Control-Allow-Credentials': 'true',
  });
  if (req.method !== 'OPTIONS') return next();
  // Preflight of a fetch() that sends Authorization or Last-Event-ID.
  res.set({
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers': 'Authorization, Last-Event-ID',
    'Access-Control-Max-Age': '600',
  });
  res.sendStatus(204);
});

// Stand-in for your session or token lookup: one shared secret.
function isApiToken(value) {
  const given = Buffer.from(value ?? '');
  const expected = Buffer.from(apiToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// The long-lived credential, from a header (fetch) or a cookie (EventSource).
function hasCredential(req) {
  const bearer = /^Bearer (.+)$/.exec(req.get('Authorization') ?? '')?.[1];
  const cookie = /(?:^|;\s*)session=([^;]*)/.exec(req.get('Cookie') ?? '')?.[1];
  return isApiToken(bearer) || isApiToken(cookie);
}

// Short-lived, single-use tokens for the URL of an EventSource. A URL
// ends up in access logs and history; such a token is useless there.
const STREAM_TOKEN_TTL_MS = 30_000;
const streamTokens = new Map(); // token -> expiry time

app.post('/stream-tokens', (req, res) => {
  if (!hasCredential(req)) return res.sendStatus(401);
  const token = randomBytes(24).toString('base64url');
  streamTokens.set(token, Date.now() + STREAM_TOKEN_TTL_MS);
  setTimeout(() => streamTokens.delete(token), STREAM_TOKEN_TTL_MS).unref();
  res.set('Cache-Control', 'no-store').json({ token, expiresInMs: STREAM_TOKEN_TTL_MS });
});

function redeemStreamToken(token) {
  const expires = streamTokens.get(token);
  streamTokens.delete(token); // single use, even when expired
  return expires !== undefined && Date.now() < expires;
}

app.get('/events', (req, res) => {
  const token = req.query.token;
  const allowed = typeof token === 'string' ? redeemStreamToken(token) : hasCredential(req);
  // 401 stops EventSource for good; a fetch-based reader can ask for
  // a new token and try again.
  if (!allowed) return res.sendStatus(401);

  // Carry on after the last id the client saw: the Last-Event-ID header
  // (sent on reconnect) or ?lastEventId= (from a client that had to
  // create a new EventSource, which starts without one).
  const lastId = req.get('Last-Event-ID') ?? String(req.query.lastEventId ?? '');
  let n = /^\d+$/.test(lastId) ? Number(lastId) : 0;

  const stream = openEventStream(res);
  // No data, so no event: only sets the client's reconnection time.
  stream.send({ retry: 2000 });
  const tick = () => {
    n += 1;
    stream.send({ event: 'tick', id: String(n), data: JSON.stringify({ n, at: new Date().toISOString() }) });
  };
  tick();
  const timer = setInterval(tick, 1000);
  stream.onClose(() => clearInterval(timer));
});

app.listen(port, 'localhost', () => {
  console.log(`Event stream: http://localhost:${port}/events`);
});
