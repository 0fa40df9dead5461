import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BrokerUnavailableError } from '../broadcast/broker.ts';
import { MemoryCountLog, type CountLog } from '../broadcast/count-log.ts';
import type { Endpoint } from '../endpoint.ts';
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
 *
 * The counts live in a CountLog: in this process, or with REDIS_URL in a
 * Redis Stream that several processes share, so a reconnect that lands on
 * another process resumes just the same. The drop token is only known to
 * the process that holds the stream.
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

/** A reader of the counter, and while its replay is being looked up, the live counts held back meanwhile. */
interface Reader {
  stream: EventStream;
  /** The newest count this reader has been sent: nothing at or below it goes out again. */
  lastSent: number;
  heldBack: number[] | null;
}

export function createCounterDemo(overrides: Partial<CounterLimits> = {}, log?: CountLog): Endpoint {
  const limits: CounterLimits = { ...counterLimits, ...overrides };
  const counts = log ?? new MemoryCountLog(limits.bufferSize);
  const readers = new Set<Reader>();
  const dropTokens = new Map<string, EventStream>();
  let ticker: NodeJS.Timeout | undefined;
  let linger: NodeJS.Timeout | undefined;

  function send(reader: Reader, count: Count): void {
    reader.lastSent = count.n;
    reader.stream.send({ id: String(count.n), data: JSON.stringify(count) });
  }

  counts.subscribe((n) => {
    for (const reader of readers) {
      if (reader.heldBack === null) send(reader, { n });
      else if (reader.heldBack.length < limits.bufferSize) reader.heldBack.push(n);
      // A reader whose replay takes this long is not worth keeping: it reconnects and resumes.
      else reader.stream.end();
    }
  });
  // Counts were lost on the way here: each reader reconnects with its
  // Last-Event-ID and gets the replay, or the reset.
  counts.onGap(() => {
    for (const reader of readers) reader.stream.end();
  });

  function tick(): void {
    // While the log is out of reach (Redis down) nobody counts; the outage is logged where it is noticed.
    counts.countUp().catch((error: unknown) => {
      if (!(error instanceof BrokerUnavailableError)) console.error('[counter]', error);
    });
  }

  function join(reader: Reader): () => void {
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

  /** What a reader that comes back with `resumeFrom` missed: the counts after it, or a reset. */
  async function catchUp(reader: Reader, resumeFrom: string): Promise<void> {
    const { retained, newest } = await counts.recent();
    const last = Number(resumeFrom);
    const oldest = retained[0] ?? newest + 1;
    if (last === newest) {
      reader.lastSent = last; // Up to date: nothing was missed.
    } else if (last < newest && last + 1 >= oldest) {
      reader.lastSent = last;
      for (const missed of retained) if (missed > last) send(reader, { n: missed, replayed: true });
    } else {
      // Too old to replay, or from before a restart: say so inside the stream, then go on from now.
      reader.lastSent = newest;
      reader.stream.send({ id: String(newest), event: 'reset', data: JSON.stringify({ lastEventId: resumeFrom, next: newest + 1 }) });
    }
  }

  return {
    methods: ['GET', 'POST'],
    async handle({ req, res, query, openStream }) {
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

      // Join before looking up the replay, holding live counts back, so that
      // nothing counted in between is lost.
      const reader: Reader = { stream, lastSent: 0, heldBack: resumeFrom === null ? null : [] };
      const leave = join(reader);
      stream.onClose(() => {
        dropTokens.delete(token);
        leave();
      });
      if (resumeFrom === null) return;
      try {
        await catchUp(reader, resumeFrom);
      } catch (error) {
        if (!(error instanceof BrokerUnavailableError)) throw error;
        // Without its replay the stream would have a silent gap: end it, and the
        // browser comes back after its reconnection time.
        stream.end();
        return;
      }
      const heldBack = reader.heldBack ?? [];
      reader.heldBack = null;
      for (const n of heldBack) if (n > reader.lastSent) send(reader, { n });
    },
  };
}
