import type { Endpoint } from '../endpoint.ts';
import { integerParam } from '../query.ts';

/** Milliseconds between two ticks. */
const TICK_MS = 1000;

/**
 * `GET /api/sse/clock?n=10`: a `tick` event every second carrying
 * `{"i": 1..n, "t": "<server time>"}`, then one `done` event, then the
 * response ends. The page's client closes its EventSource on `done`; without
 * that the browser would reconnect after the reconnection time and the clock
 * would start over (the server ending a response does not stop EventSource).
 */
export const clock: Endpoint = {
  methods: ['GET'],
  handle({ query, openStream }) {
    const ticks = integerParam(query, 'n', { min: 1, max: 60, fallback: 10 });
    const stream = openStream();
    let i = 0;
    const timer = setInterval(() => {
      i += 1;
      stream.send({ event: 'tick', data: JSON.stringify({ i, t: new Date().toISOString() }) });
      if (i === ticks) {
        stream.send({ event: 'done', data: JSON.stringify({ ticks }) });
        stream.end();
      }
    }, TICK_MS);
    stream.onClose(() => clearInterval(timer));
  },
};
