/**
 * Idle timeouts: proxies and load balancers close a connection that has been
 * silent for a fixed time (nginx proxy_read_timeout 60 s, many load balancers
 * 60 s, Cloudflare 100 s). A heartbeat comment more often than that keeps
 * the stream open.
 */
import { finding, outcome, serverSoftware, unknown, type CheckOutcome } from '../check.ts';
import type { StreamReading } from '../read-stream.ts';
import type { StreamObservation } from '../types.ts';

/** A silence this long before the connection closed, and much longer than any gap before it, was a timeout. */
const IDLE_CUT_MIN_MS = 4000;
/** Without a heartbeat, a silence this long is already close to the shortest usual idle timeouts (30 s). */
const NO_HEARTBEAT_SILENCE_MS = 15_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The interval of the heartbeat comments, or null with fewer than two. */
export function heartbeatInterval(reading: StreamReading): number | null {
  const times = reading.comments.map((comment) => comment.atMs);
  if (times.length < 2) return null;
  return median(times.slice(1).map((at, index) => at - times[index]!));
}

interface Silences {
  /** The longest gap between arrivals while the stream was open (not counting the last one). */
  readonly longestGapMs: number;
  /** From the last arrival to the end of the observation. */
  readonly finalSilenceMs: number;
}

function silences(first: StreamObservation): Silences {
  const times = [first.headersAtMs, ...first.chunks.map((chunk) => chunk.atMs)];
  let longestGapMs = 0;
  for (let i = 1; i < times.length; i += 1) longestGapMs = Math.max(longestGapMs, times[i]! - times[i - 1]!);
  return { longestGapMs, finalSilenceMs: first.end.atMs - times.at(-1)! };
}

export function checkIdleCut(first: StreamObservation, reading: StreamReading): CheckOutcome {
  if (first.status !== 200) return unknown('idle-cut');
  const { longestGapMs, finalSilenceMs } = silences(first);
  const serverEnded = first.end.reason === 'closed' || first.end.reason === 'error';
  const evidence = { silenceMs: Math.round(finalSilenceMs), longestGapMs: Math.round(longestGapMs) };
  const cut = serverEnded && finalSilenceMs >= IDLE_CUT_MIN_MS && finalSilenceMs >= 2 * longestGapMs;
  if (!cut) return outcome('idle-cut', evidence);
  const nginx = serverSoftware(first).nginx;
  const layer = nginx ? 'nginx' : 'proxy';
  const fix = nginx ? 'nginxReadTimeout' : 'diesEvery60s';
  // The server does send comments, yet the silence that was cut is shorter than the time between them.
  if (reading.comments.length > 0) {
    const heartbeatMs = heartbeatInterval(reading);
    return outcome('idle-cut', evidence, [
      finding('idle-cut-despite-heartbeat', 'problem', layer, fix, {
        silenceMs: evidence.silenceMs,
        ...(heartbeatMs !== null ? { heartbeatMs: Math.round(heartbeatMs) } : {}),
      }),
    ]);
  }
  return outcome('idle-cut', evidence, [finding('idle-cut', 'problem', layer, fix, { silenceMs: evidence.silenceMs })]);
}

export function checkHeartbeat(first: StreamObservation, reading: StreamReading): CheckOutcome {
  if (first.status !== 200) return unknown('heartbeat');
  const heartbeatMs = heartbeatInterval(reading);
  if (heartbeatMs !== null) return outcome('heartbeat', { heartbeatMs: Math.round(heartbeatMs), comments: reading.comments.length });
  const { longestGapMs, finalSilenceMs } = silences(first);
  const silenceMs = Math.round(Math.max(longestGapMs, finalSilenceMs));
  if (silenceMs >= NO_HEARTBEAT_SILENCE_MS) {
    return outcome('heartbeat', { silenceMs }, [finding('no-heartbeat', 'advice', 'server', 'diesEvery60s', { silenceMs })]);
  }
  // Never silent long enough to need one: cannot tell whether the server sends one.
  return unknown('heartbeat', { silenceMs });
}
