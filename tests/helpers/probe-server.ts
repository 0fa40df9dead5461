/**
 * A probe in the doctor's probe format (src/lib/doctor/probe-format.ts) as a
 * node:http handler, for tests that put it behind a real server: events on
 * the format's schedule with their send time, resuming after Last-Event-ID
 * and answering 204 once all were sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { probeEvent, probeFormat, probePreamble } from '../../src/lib/doctor/probe-format.ts';

export function probeHandler(count: number = probeFormat.count) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const after = Number(req.headers['last-event-id'] ?? 0) || 0;
    if (after >= count) {
      res.writeHead(204).end();
      return;
    }
    // No X-Accel-Buffering: the probe tests the server's config, it must not switch nginx's buffer off itself.
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write(probePreamble);
    const startedAt = performance.now();
    let seq = after;
    let timer: NodeJS.Timeout | undefined;
    const next = (): void => {
      seq += 1;
      res.write(probeEvent(seq, Date.now()));
      if (seq >= count) {
        res.end();
        return;
      }
      timer = setTimeout(next, Math.max(0, startedAt + (seq - after) * probeFormat.intervalMs - performance.now()));
    };
    timer = setTimeout(next, probeFormat.intervalMs);
    res.on('close', () => clearTimeout(timer));
  };
}
