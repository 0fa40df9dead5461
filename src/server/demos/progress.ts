import type { Endpoint } from '../endpoint.ts';
import { integerParam } from '../query.ts';

/**
 * `/api/sse/progress`: a simulated job that reports its progress, the way a
 * server streams an import, a build or a conversion to the page that
 * started it.
 *
 *   GET /api/sse/progress?steps=20
 *     <- event: progress
 *        data: {"percent":5,"step":1,"steps":20}    one per step, 250 ms apart
 *        …
 *        event: complete
 *        data: {"percent":100,"steps":20,"ms":5003}
 *        (the response ends)
 *
 * The page closes its EventSource on `complete`: the response ending alone
 * would make the browser reconnect and start the job again.
 */
export const progressLimits = {
  /** Range of `?steps=`, the number of progress events. */
  minSteps: 1,
  maxSteps: 100,
  defaultSteps: 20,
  /** Milliseconds one step of the job takes. */
  stepMs: 250,
};

export type ProgressLimits = typeof progressLimits;

export function createProgressDemo(overrides: Partial<ProgressLimits> = {}): Endpoint {
  const limits: ProgressLimits = { ...progressLimits, ...overrides };
  return {
    methods: ['GET'],
    handle({ query, openStream }) {
      const steps = integerParam(query, 'steps', { min: limits.minSteps, max: limits.maxSteps, fallback: limits.defaultSteps });
      const stream = openStream();
      const startedAt = Date.now();
      let step = 0;
      const timer = setInterval(() => {
        step += 1;
        const percent = Math.round((step / steps) * 100);
        stream.send({ event: 'progress', data: JSON.stringify({ percent, step, steps }) });
        if (step === steps) {
          stream.send({ event: 'complete', data: JSON.stringify({ percent: 100, steps, ms: Date.now() - startedAt }) });
          stream.end();
        }
      }, limits.stepMs);
      stream.onClose(() => clearInterval(timer));
    },
  };
}
