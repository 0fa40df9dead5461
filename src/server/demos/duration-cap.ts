import type { Endpoint } from '../endpoint.ts';
import type { EventStream } from '../event-stream.ts';
import { HttpError } from '../http-error.ts';

/**
 * `/api/sse/lab/duration-cap`: the failure lab for a platform that caps a
 * response's total duration (Cloud Run's request timeout, a function's
 * maximum duration, API Gateway's 15 minutes of streaming). It puts such a
 * cap in front of the resumable counter: `capMs` after the stream opened,
 * the connection is destroyed in the middle of the chunked body, as a
 * platform cuts it, however busy the stream is. The counter sends an event
 * every second, more than any heartbeat would, and is cut all the same.
 *
 *   GET /api/sse/lab/duration-cap?capMs=5000
 *     <- the counter's stream (retry: 2000, connection, id: 41, id: 42, …)
 *        … and after 5 s the socket closes without the terminating chunk
 *   GET /api/sse/lab/duration-cap       the browser again, 2 s later
 *   Last-Event-ID: 45
 *     <- the counts 46, 47 replayed, then live: no gap, cut again after 5 s
 *   POST /api/sse/lab/duration-cap?drop=…   the counter's drop, passed on
 *
 * Nothing a stream sends postpones the cut; the only remedy is the one shown
 * here: ids on the events, so the browser comes back with `Last-Event-ID`
 * and the server replays what it missed. (Better still, the server ends the
 * response itself before the cap, between two events.)
 */
export const durationCapLimits = {
  /** The cap when the URL names none: long enough to watch a few counts, short enough to see the cut soon. */
  defaultCapMs: 5000,
  /** Shorter caps would cut the counter's stream before its first count. */
  minCapMs: 1000,
  /** Longer caps hold a demo connection open for no gain. */
  maxCapMs: 60_000,
};

export type DurationCapLimits = typeof durationCapLimits;

function capFrom(query: URLSearchParams, limits: DurationCapLimits): number {
  const raw = query.get('capMs');
  if (raw === null) return limits.defaultCapMs;
  const capMs = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(capMs >= limits.minCapMs && capMs <= limits.maxCapMs)) {
    throw new HttpError(400, `Query parameter "capMs" must be a whole number of milliseconds from ${limits.minCapMs} to ${limits.maxCapMs}.`);
  }
  return capMs;
}

/** The `stream` endpoint (the resumable counter) behind a simulated cap on total duration. */
export function createDurationCapLab(stream: Endpoint, overrides: Partial<DurationCapLimits> = {}): Endpoint {
  const limits: DurationCapLimits = { ...durationCapLimits, ...overrides };
  return {
    methods: stream.methods,
    handle(request) {
      if (request.req.method === 'POST') return stream.handle(request);
      const capMs = capFrom(request.query, limits);
      return stream.handle({
        ...request,
        openStream(options): EventStream {
          const opened = request.openStream(options);
          // The platform's cut: the socket goes, the chunked body never gets its end.
          const cut = setTimeout(() => request.res.destroy(), capMs);
          opened.onClose(() => clearTimeout(cut));
          return opened;
        },
      });
    },
  };
}
