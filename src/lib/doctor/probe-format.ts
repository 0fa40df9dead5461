/**
 * The probe format: what a probe script (one per server stack the guides
 * teach) sends, so the stream doctor can measure each event's delay exactly
 * instead of guessing from arrival times, and can tell a buffer's size.
 *
 * A probe sends event `seq` = 1, 2, … one every `intervalMs`, on a schedule
 * measured from the start of the response (not "interval after the last
 * write", so delays do not add up), each as exactly `probeEventSize(seq)`
 * bytes of UTF-8:
 *
 *     event: probe\n
 *     id: <seq>\n
 *     data: {"seq":<seq>,"sentAt":<epoch ms>}\n
 *     :<padding: "x" repeated until the event has its size>\n
 *     \n
 *
 * - `sentAt` is the server's clock (integer ms since the Unix epoch) right
 *   before the write. Clocks of server and client differ; the doctor only
 *   compares differences, so the offset cancels out.
 * - The padding comment line is what makes the sizes: the sizes cycle through
 *   `sizes`, which share no common divisor with 4096 or 8192 other than
 *   powers of two smaller than them, so a buffer's flush points fall inside
 *   events and its batches have the buffer's size, not a multiple of an event.
 * - Before the first event the probe sends `retry: 1000` and a blank line.
 * - After `count` events the probe ends the response. A request that carries
 *   `Last-Event-ID: n` continues with event n + 1 (the schedule restarts for
 *   it); with n >= `count` the probe answers `204 No Content`, the way to
 *   stop EventSource for good.
 * - Response headers: `Content-Type: text/event-stream` and
 *   `Cache-Control: no-cache`, and whatever the stack needs to flush each
 *   write (that is the point: the probe flushes exactly as the reader's app
 *   should, so what holds it back is the layers in between). No
 *   `X-Accel-Buffering: no`: it would switch off the very nginx buffer the
 *   probe is there to find (the doctor advises the header on its own).
 *
 * - The PHP probe also sends `X-Probe-PHP-Output-Buffer`: the output buffer
 *   PHP had opened for it (output_buffering in php.ini or the pool) before it
 *   closed it: `none`, its size in bytes, or `unlimited`. The probe's timing
 *   then shows only what lies outside PHP, and the header names PHP's part.
 *
 * The failure labs' events (`data: {"i":n,"of":12,"sentMs":…}`, `sentMs`
 * relative to the stream's start) carry the same information and are read
 * the same way.
 */
export const probeFormat = {
  eventType: 'probe',
  intervalMs: 250,
  /** 40 events: 10 s, enough to fill an 8 KiB buffer more than twice. */
  count: 40,
  retryMs: 1000,
  /** Event sizes in bytes, cycled by seq: 1 → 300, 2 → 700, 3 → 1100, 4 → 300, … (mean 700 B, 2.8 KB/s). */
  sizes: [300, 700, 1100],
} as const;

/** Size in bytes of probe event `seq` (1-based). */
export function probeEventSize(seq: number): number {
  return probeFormat.sizes[(seq - 1) % probeFormat.sizes.length]!;
}

/** The exact text of probe event `seq` sent at `sentAt` (epoch ms): the reference the probe scripts follow. */
export function probeEvent(seq: number, sentAt: number): string {
  const head = `event: ${probeFormat.eventType}\nid: ${seq}\ndata: ${JSON.stringify({ seq, sentAt })}\n:`;
  const tail = '\n\n';
  const padding = probeEventSize(seq) - head.length - tail.length;
  return head + 'x'.repeat(Math.max(0, padding)) + tail;
}

/** The stream's first bytes before event 1. */
export const probePreamble = `retry: ${probeFormat.retryMs}\n\n`;

/** A probe or lab event's sequence number and send time (ms, in the server's clock), or null for any other data. */
export function readSendStamp(data: string): { seq: number; sentMs: number } | null {
  if (!data.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const seq = record.seq ?? record.i;
  const sentMs = record.sentAt ?? record.sentMs;
  if (typeof seq !== 'number' || typeof sentMs !== 'number' || !Number.isFinite(sentMs)) return null;
  return { seq, sentMs };
}

/** PHP's own output buffer as the PHP probe reports it, or null when the stream is no PHP probe. */
export type PhpOutputBuffer = { readonly open: false } | { readonly open: true; readonly bytes: number | 'unlimited' };

export function readPhpOutputBuffer(value: string | undefined): PhpOutputBuffer | null {
  const text = value?.trim().toLowerCase();
  if (text === 'none') return { open: false };
  if (text === 'unlimited') return { open: true, bytes: 'unlimited' };
  if (text !== undefined && /^[1-9][0-9]{0,9}$/.test(text)) return { open: true, bytes: Number(text) };
  return null;
}

/** The response header (lower case, as observations keep them) that carries it. */
export const phpOutputBufferHeader = 'x-probe-php-output-buffer';
