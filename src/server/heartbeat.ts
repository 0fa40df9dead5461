import { serializeComment } from '../lib/sse/serialize.ts';

/** What the heartbeat needs of a stream: a way to write bytes that returns false once the stream is closed. */
export interface HeartbeatTarget {
  writeRaw(chunk: Uint8Array): boolean;
}

/** The comment line, serialized once and written as the same bytes to every stream. */
const HEARTBEAT = Buffer.from(serializeComment('heartbeat'));

/** The streams that share one interval, and its timer. */
interface Round {
  timer: NodeJS.Timeout;
  streams: Set<HeartbeatTarget>;
}

const rounds = new Map<number, Round>();

/**
 * One timer per interval for all open streams instead of one per stream: a
 * Node timer and its closure cost each stream a few hundred bytes of heap
 * and the timer list a node, which at ten thousand idle streams is a
 * measurable share of what a stream costs (README, "Load benchmark"). A
 * stream that joins gets its first heartbeat at the next tick, within
 * `intervalMs` of opening; after that every `intervalMs`, as before. The
 * timer stops when the last stream of its interval leaves.
 */
export function joinHeartbeat(intervalMs: number, stream: HeartbeatTarget): void {
  let round = rounds.get(intervalMs);
  if (!round) {
    const streams = new Set<HeartbeatTarget>();
    // A stream that turns out to be closed (or too slow) leaves the set from
    // its own close handling; deleting during iteration is safe for a Set.
    const timer = setInterval(() => {
      for (const member of streams) member.writeRaw(HEARTBEAT);
    }, intervalMs);
    round = { timer, streams };
    rounds.set(intervalMs, round);
  }
  round.streams.add(stream);
}

export function leaveHeartbeat(intervalMs: number, stream: HeartbeatTarget): void {
  const round = rounds.get(intervalMs);
  if (!round?.streams.delete(stream) || round.streams.size > 0) return;
  clearInterval(round.timer);
  rounds.delete(intervalMs);
}
