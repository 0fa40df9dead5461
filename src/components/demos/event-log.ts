/** What a demo shows as its connection state: EventSource's readyState names, or not started yet. */
export type ConnectionState = 'idle' | 'CONNECTING' | 'OPEN' | 'CLOSED';

/** Whether a demo's stream is under way (connecting or open): its start button then reads "Stop". */
export function isRunning(state: ConnectionState): boolean {
  return state === 'CONNECTING' || state === 'OPEN';
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** Milliseconds as seconds with the page's decimal separator: `2.4` in English, `2,4` in German. */
export function formatSeconds(ms: number, digits: number): string {
  const lang = typeof document === 'undefined' ? 'en' : document.documentElement.lang || 'en';
  return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(ms / 1000);
}

/** `14:03:07.251 (+2.004 s)`: local arrival time and time since the demo started. */
export function formatArrival(at: Date, sinceStartMs: number): string {
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  return `${clock} (+${formatSeconds(sinceStartMs, 3)} s)`;
}
