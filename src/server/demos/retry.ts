import { randomBytes } from 'node:crypto';
import type { Endpoint } from '../endpoint.ts';
import type { EventStream } from '../event-stream.ts';
import { HttpError } from '../http-error.ts';
import { integerParam } from '../query.ts';

/**
 * `/api/sse/retry`: a stream that sets the reconnection time with `retry:`
 * and ends its response after a few events, so the reader watches the
 * browser wait that long and reconnect, again and again, until the server
 * answers a reconnect with 204 and the browser stops for good. Spec:
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#sse-processing-model
 * ("a 200 OK response with a Content-Type other than text/event-stream, or
 * any other status, fails the connection").
 *
 *   GET /api/sse/retry?retry=2000
 *     <- retry: 2000
 *        id: Xq3….1
 *        data: {"connection":1,"n":1}      three events, one a second, then the response ends
 *   GET /api/sse/retry?retry=2000            the browser, 2000 ms later
 *   Last-Event-ID: Xq3….3
 *     <- retry: 2000, id: Xq3….4, data: {"connection":2,"n":4} …
 *   POST /api/sse/retry?stop=Xq3…
 *     -> 204; ends the open response and marks the session stopped
 *   GET … Last-Event-ID: Xq3….5              the next reconnect
 *     -> 204 No Content: EventSource's readyState turns CLOSED, no more reconnects
 *
 * The part of the ID before the dot names the reader's session. It is random
 * and only that reader's browser has it, so nobody can stop another's stream.
 */
export const retryLimits = {
  /** Range of `?retry=` in milliseconds: long enough to watch, short enough to wait for. */
  minRetryMs: 500,
  maxRetryMs: 10_000,
  /** Used when `?retry=` is absent. */
  defaultRetryMs: 2000,
  /** Events per response before the server ends it. */
  eventsPerConnection: 3,
  /** Milliseconds between events. */
  intervalMs: 1000,
  /** Sessions remembered at once, across all readers; past it the one idle longest is forgotten. */
  maxSessions: 2000,
  /** A session nobody reconnected to for this long is forgotten. */
  sessionTtlMs: 10 * 60_000,
};

export type RetryLimits = typeof retryLimits;

interface Session {
  /** Responses served so far. */
  connections: number;
  /** Events sent so far, over all responses. */
  sent: number;
  stopped: boolean;
  lastSeen: number;
  open: EventStream | undefined;
}

/** `<session>.<n>`: 22 base64url characters (16 random bytes), a dot, a count. */
const EVENT_ID = /^([A-Za-z0-9_-]{22})\.(\d{1,9})$/;

export function createRetryDemo(overrides: Partial<RetryLimits> = {}): Endpoint {
  const limits: RetryLimits = { ...retryLimits, ...overrides };
  const sessions = new Map<string, Session>();
  /**
   * The sessions without an open stream, idle longest first: a Map keeps
   * insertion order, and `touch` moves a session to the back, so expiring
   * and making room look at the front only instead of scanning every
   * session on every request.
   */
  const idle = new Map<string, Session>();

  function touch(key: string, session: Session, now: number): void {
    session.lastSeen = now;
    idle.delete(key);
    if (!session.open) idle.set(key, session);
  }

  function forget(key: string): void {
    sessions.delete(key);
    idle.delete(key);
  }

  function forgetIdle(now: number): void {
    for (const [key, session] of idle) {
      if (now - session.lastSeen <= limits.sessionTtlMs) break;
      forget(key);
    }
  }

  /**
   * Makes room for one more session. A full table forgets the session idle
   * longest rather than refusing newcomers, so a burst of requests cannot
   * lock real readers out until the sessions expire; only when every
   * session has a stream open (bounded by the endpoint's stream caps) is
   * the answer 503.
   */
  function makeRoom(): void {
    if (sessions.size < limits.maxSessions) return;
    const idlest = idle.keys().next();
    if (idlest.done) {
      throw new HttpError(503, 'The retry demo has too many readers right now; try again in a minute.', { 'Retry-After': '60' });
    }
    forget(idlest.value);
  }

  function newSession(now: number): [string, Session] {
    makeRoom();
    const key = randomBytes(16).toString('base64url');
    const session: Session = { connections: 0, sent: 0, stopped: false, lastSeen: now, open: undefined };
    sessions.set(key, session);
    idle.set(key, session);
    return [key, session];
  }

  return {
    methods: ['GET', 'POST'],
    handle({ req, res, query, openStream }) {
      const now = Date.now();
      forgetIdle(now);

      if (req.method === 'POST') {
        const key = query.get('stop');
        if (!key) throw new HttpError(400, 'Query parameter "stop" is required: the session part of your last event ID.');
        const session = sessions.get(key);
        if (!session) throw new HttpError(404, 'No retry session has this "stop" key; it may have expired.');
        session.stopped = true;
        session.open?.end();
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
        return;
      }

      const retryMs = integerParam(query, 'retry', {
        min: limits.minRetryMs,
        max: limits.maxRetryMs,
        fallback: limits.defaultRetryMs,
      });
      const header = req.headers['last-event-id'];
      let found: [string, Session] | undefined;
      if (typeof header === 'string') {
        const match = EVENT_ID.exec(header);
        if (!match) throw new HttpError(400, `Last-Event-ID "${header.slice(0, 40)}" is not an event ID of this stream.`);
        const session = sessions.get(match[1]!);
        if (session) found = [match[1]!, session];
      }
      if (found?.[1].stopped) {
        // The one answer that makes EventSource stop reconnecting for good.
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      const [key, session] = found ?? newSession(now);
      // Touched before the stream opens: should opening fail (stream caps), the session stays idle and expires.
      touch(key, session, now);
      session.connections += 1;
      const stream = openStream();
      session.open?.end();
      session.open = stream;
      idle.delete(key);

      let sentHere = 0;
      const sendNext = (): void => {
        session.sent += 1;
        sentHere += 1;
        const data = JSON.stringify({ connection: session.connections, n: session.sent });
        // retry: on the first event of every response: it holds for the rest of this EventSource's life.
        stream.send({ id: `${key}.${session.sent}`, retry: sentHere === 1 ? retryMs : undefined, data });
        if (sentHere === limits.eventsPerConnection) stream.end();
      };
      const timer = setInterval(sendNext, limits.intervalMs);
      sendNext();
      stream.onClose(() => {
        clearInterval(timer);
        if (session.open !== stream) return;
        session.open = undefined;
        touch(key, session, Date.now());
      });
    },
  };
}
