import type { IncomingMessage } from 'node:http';

/**
 * One line per unexpected error, not a stack trace per request: a client
 * that can trigger a bug must not be able to fill the log too. The same error
 * (type and message) is logged once a minute at most, with a count of the
 * repeats in between, and the line names where it was thrown.
 */
const WINDOW_MS = 60_000;
/** Distinct errors remembered at once; past that the oldest are forgotten. */
const MAX_REMEMBERED = 100;

const seen = new Map<string, { loggedAt: number; repeats: number }>();

function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function logUnexpected(req: IncomingMessage, error: unknown, now = Date.now()): void {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${typeof error}: ${String(error)}`;
  const signature = oneLine(what, 300);
  const entry = seen.get(signature);
  if (entry && now - entry.loggedAt < WINDOW_MS) {
    entry.repeats += 1;
    return;
  }
  const where = error instanceof Error ? /\n\s+at (.+)/.exec(error.stack ?? '')?.[1] : undefined;
  const repeats = entry && entry.repeats > 0 ? ` (${entry.repeats} more since the last report)` : '';
  console.error(
    `[server] unexpected ${signature}${where ? ` at ${oneLine(where, 200)}` : ''} on ${oneLine(req.method ?? '?', 20)} ${oneLine(req.url ?? '', 200)}${repeats}`,
  );
  seen.delete(signature);
  if (seen.size >= MAX_REMEMBERED) seen.delete(seen.keys().next().value!);
  seen.set(signature, { loggedAt: now, repeats: 0 });
}
