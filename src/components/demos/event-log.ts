/** What a demo shows as its connection state: EventSource's readyState names, or not started yet. */
export type ConnectionState = 'idle' | 'CONNECTING' | 'OPEN' | 'CLOSED';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `14:03:07.251 (+2.004 s)`: local arrival time and time since the demo started. */
export function formatArrival(at: Date, sinceStartMs: number): string {
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  return `${clock} (+${(sinceStartMs / 1000).toFixed(3)} s)`;
}
