import type { Endpoint } from '../endpoint.ts';
import { integerParam } from '../query.ts';

/**
 * `/api/sse/idle?slot=3`: the cheapest stream there is, for the
 * connection-limit demo. It says once that it is open, then sends nothing
 * but the endpoint's heartbeat comments until the client goes away; what
 * matters is that it holds one of the browser's connections.
 *
 *   GET /api/sse/idle?slot=3
 *     <- event: ready
 *        data: {"slot":3}
 *        : heartbeat                         every 15 s
 */
export const idleLimits = {
  /** Range of `?slot=`, the number the page gave this stream (the demo opens up to 8). */
  maxSlot: 20,
};

export const idle: Endpoint = {
  methods: ['GET'],
  handle({ query, openStream }) {
    const slot = integerParam(query, 'slot', { min: 1, max: idleLimits.maxSlot, fallback: 1 });
    openStream().send({ event: 'ready', data: JSON.stringify({ slot }) });
  },
};
