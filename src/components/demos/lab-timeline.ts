/**
 * The measurements behind the failure lab's chart and table, and the scale
 * that maps them to the chart. Pure TypeScript, no DOM.
 */
export const labModes = ['direct', 'proxy-buffer', 'gzip'] as const;
export type LabMode = (typeof labModes)[number];

/** One event of one lab stream. */
export interface LabPoint {
  /** The event's number, 1 to 12. */
  i: number;
  /** When the server wrote it: ms after it started this response, on the server's clock (from the event's data). */
  sentMs: number;
  /**
   * When this page received it: ms after the reader pressed Run, on the
   * browser's clock. Run comes before the request, the request before the
   * server's start, so arrivedMs >= sentMs; the difference is the time the
   * connection took to set up plus the event's delay.
   */
  arrivedMs: number;
}

export type LabTimeline = Record<LabMode, LabPoint[]>;

export const emptyTimeline = (): LabTimeline => ({ direct: [], 'proxy-buffer': [], gzip: [] });

/**
 * How far apart the first and the last arrival are. Events sent over 2.75 s
 * that arrive over about as long came one by one (or, behind the proxy
 * buffer, in batches spread over the last 1.75 s); a spread near zero is a
 * single burst.
 */
export function arrivalSpreadMs(points: readonly LabPoint[]): number {
  if (points.length === 0) return 0;
  const arrivals = points.map((point) => point.arrivedMs);
  return Math.max(...arrivals) - Math.min(...arrivals);
}

/** The chart's axes: both in ms, from 0 to a whole second at or above everything measured (at least 3 s). */
export function axisMaxMs(timeline: LabTimeline): number {
  const all = labModes.flatMap((mode) => timeline[mode].flatMap((point) => [point.sentMs, point.arrivedMs]));
  return Math.max(3000, Math.ceil(Math.max(0, ...all) / 1000) * 1000);
}
