/** Synthetic observations for the engine's tests: what a transport would hand it. */
import type { EndReason, ResumeObservation, StreamObservation, TimedChunk } from '../../../../src/lib/doctor/types.ts';

export const goodHeaders: ReadonlyArray<readonly [string, string]> = [
  ['content-type', 'text/event-stream; charset=utf-8'],
  ['cache-control', 'no-cache'],
  ['x-accel-buffering', 'no'],
];

const encoder = new TextEncoder();

export interface Write {
  readonly atMs: number;
  readonly text: string | Uint8Array;
}

export function chunks(writes: readonly Write[]): TimedChunk[] {
  return writes.map(({ atMs, text }) => ({ atMs, bytes: typeof text === 'string' ? encoder.encode(text) : text }));
}

export interface ObservationOptions {
  readonly url?: string;
  readonly status?: number;
  readonly httpVersion?: string | null;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly headersAtMs?: number;
  readonly writes?: readonly Write[];
  readonly endAtMs?: number;
  readonly reason?: EndReason;
}

export function observation(options: ObservationOptions = {}): StreamObservation {
  const writes = options.writes ?? [];
  const lastAt = writes.at(-1)?.atMs ?? options.headersAtMs ?? 5;
  return {
    url: options.url ?? 'http://example.test/events',
    httpVersion: options.httpVersion === undefined ? '1.1' : options.httpVersion,
    status: options.status ?? 200,
    headers: options.headers ?? goodHeaders,
    headersAtMs: options.headersAtMs ?? 5,
    chunks: chunks(writes),
    end: { atMs: options.endAtMs ?? lastAt + 1, reason: options.reason ?? 'closed' },
  };
}

export function resumeOf(lastEventId: string, options: ObservationOptions): ResumeObservation {
  return { ...observation(options), lastEventId };
}

/**
 * Passes writes through a buffer that forwards full blocks of `blockBytes`
 * (a proxy buffer) or, with `overflow`, its whole content once it holds
 * `blockBytes` or more (PHP's output buffer); the rest when the response ends at `endAtMs`.
 */
export function throughBuffer(writes: readonly Write[], blockBytes: number, endAtMs: number, overflow = false): Write[] {
  const out: Write[] = [];
  let held = new Uint8Array(0);
  for (const { atMs, text } of writes) {
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    const joined = new Uint8Array(held.byteLength + bytes.byteLength);
    joined.set(held);
    joined.set(bytes, held.byteLength);
    held = joined;
    if (overflow) {
      if (held.byteLength >= blockBytes) {
        out.push({ atMs, text: held });
        held = new Uint8Array(0);
      }
      continue;
    }
    while (held.byteLength >= blockBytes) {
      out.push({ atMs, text: held.slice(0, blockBytes) });
      held = held.slice(blockBytes);
    }
  }
  if (held.byteLength > 0) out.push({ atMs: endAtMs, text: held });
  return out;
}
