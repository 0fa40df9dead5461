import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Demo } from '../demo.ts';
import type { EventStream } from '../event-stream.ts';
import { HttpError } from '../http-error.ts';

/**
 * `/api/sse/counter`: one counter, shared by every reader, that counts once a
 * second and puts an `id:` on every event, so a browser that lost its
 * connection resumes where it left off. Spec: the `Last-Event-ID` header in
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#sse-processing-model
 *
 *   GET /api/sse/counter
 *     <- retry: 2000
 *        event: connection
 *        data: {"dropToken":"Xq3…"}        no id: it leaves the browser's last event ID alone
 *
 *        id: 41
 *        data: {"n":41}                      then one event a second
 *   POST /api/sse/counter?drop=Xq3…
 *     -> 204; the server ends that one response (only its reader knows the token)
 *   GET /api/sse/counter                     the browser again, 2 s later
 *   Last-Event-ID: 43
 *     <- retry, connection, then id: 44 … with {"n":44,"replayed":true} for what was
 *        missed (from a buffer of the last 60), then live again
 *   Last-Event-ID: 3                         older than the buffer (or ahead of the
 *                                            counter, after a server restart)
 *     <- id: 104  event: reset  data: {"lastEventId":"3","next":105}   then live
 *   Last-Event-ID: abc
 *     -> 400 naming Last-Event-ID; EventSource then closes for good
 *   GET /api/sse/counter?lastEventId=43      for a client that creates a new EventSource
 *                                            (it cannot set the header); a header wins
 *
 * While nobody listens the counter keeps counting for `lingerMs`, so a reader
 * whose connection dropped has missed events to get back, and then stops.
 */
export const counterLimits = {
  /** Milliseconds between two counts. */
  intervalMs: 1000,
  /** Events kept for replay: a reader may be away this many counts and miss nothing. */
  bufferSize: 60,
  /** The reconnection time the stream asks for with `retry:`: short, so the demo resumes quickly. */
  retryMs: 2000,
  /** How long the counter goes on after its last reader left, before its timer stops. */
  lingerMs: 30_000,
};

export type CounterLimits = typeof counterLimits;

interface Count {
  n: number;
  replayed?: true;
}

/** A valid event ID of this stream: a count, in decimal digits. */
const EVENT_ID = /^\d{1,15}$/;

function lastEventId(req: IncomingMessage, query: URLSearchParams): string | null {
  const header = req.headers['last-event-id'];
  // The header is what the browser saw last, even on a URL that still carries the first ?lastEventId=.
  if (typeof header === 'string') return header;
  return query.get('lastEventId');
}

export function createCounterDemo(overrides: Partial<CounterLimits> = {}): Demo {
  const limits: CounterLimits = { ...counterLimits, ...overrides };
  let n = 0;
  const buffer: number[] = [];
  const readers = new Set<(count: Count) => void>();
  const dropTokens = new Map<string, EventStream>();
  let ticker: NodeJS.Timeout | undefined;
  let linger: NodeJS.Timeout | undefined;

  function tick(): void {
    n += 1;
    buffer.push(n);
    if (buffer.length > limits.bufferSize) buffer.shift();
    for (const reader of readers) reader({ n });
  }

  function join(reader: (count: Count) => void): () => void {
    readers.add(reader);
    clearTimeout(linger);
    linger = undefined;
    ticker ??= setInterval(tick, limits.intervalMs);
    return () => {
      readers.delete(reader);
      if (readers.size > 0 || linger) return;
      linger = setTimeout(() => {
        linger = undefined;
        clearInterval(ticker);
        ticker = undefined;
      }, limits.lingerMs);
    };
  }

  return {
    methods: ['GET', 'POST'],
    handle({ req, res, query, openStream }) {
      if (req.method === 'POST') {
        const token = query.get('drop');
        if (!token) throw new HttpError(400, 'Query parameter "drop" is required: the dropToken of your own stream.');
        const stream = dropTokens.get(token);
        if (!stream) throw new HttpError(404, 'No open counter stream has this "drop" token; it may have closed already.');
        stream.end();
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
        return;
      }

      const resumeFrom = lastEventId(req, query);
      if (resumeFrom !== null && !EVENT_ID.test(resumeFrom)) {
        throw new HttpError(400, `Last-Event-ID "${resumeFrom.slice(0, 40)}" is not an event ID of this stream: send the digits of an id you received.`);
      }
      const stream = openStream();
      const token = randomBytes(16).toString('base64url');
      dropTokens.set(token, stream);
      stream.send({ retry: limits.retryMs, event: 'connection', data: JSON.stringify({ dropToken: token }) });

      if (resumeFrom !== null) {
        const last = Number(resumeFrom);
        const oldest = buffer[0] ?? n + 1;
        if (last === n) {
          // Up to date: nothing was missed.
        } else if (last < n && last + 1 >= oldest) {
          for (const missed of buffer) {
            if (missed > last) stream.send({ id: String(missed), data: JSON.stringify({ n: missed, replayed: true } satisfies Count) });
          }
        } else {
          // Too old to replay, or from before a restart: say so inside the stream, then go on from now.
          stream.send({ id: String(n), event: 'reset', data: JSON.stringify({ lastEventId: resumeFrom, next: n + 1 }) });
        }
      }

      const leave = join((count) => stream.send({ id: String(count.n), data: JSON.stringify(count) }));
      stream.onClose(() => {
        dropTokens.delete(token);
        leave();
      });
    },
  };
}
