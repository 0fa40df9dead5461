/**
 * A broadcast broker: the one place a broadcast (the room) stores its
 * history and hands each new message to every listener.
 *
 * The room talks only to this interface. The in-memory broker
 * (memory-broker.ts) serves one process; the Redis broker (redis-broker.ts)
 * takes its place for several processes without the room changing, which is
 * why every method that touches the history is async and why message ids
 * have the shape of Redis Stream entry ids.
 */
export interface BrokerMessage {
  /**
   * `<milliseconds>-<sequence>`, increasing: the shape of a Redis Stream entry
   * id (https://redis.io/docs/latest/develop/data-types/streams/#entry-ids).
   * It goes out as the event's `id:` and comes back as `Last-Event-ID`.
   */
  id: string;
  /** The payload, stored and delivered as it is (the room puts JSON here). */
  data: string;
}

export interface HistorySince {
  /** Retained messages after the given id, oldest first. */
  messages: BrokerMessage[];
  /**
   * False when messages after the given id are gone (trimmed from the
   * history, or sent before this history began) or the id was never issued:
   * the reader has a gap that replay cannot fill and must be told so.
   */
  complete: boolean;
}

/**
 * The broker's store cannot be reached (Redis is down): a POST gets 503 and
 * a new listener is asked to come back, instead of an internal error.
 */
export class BrokerUnavailableError extends Error {
  override name = 'BrokerUnavailableError';
}

/** Where the broadcasts keep their history, and whether that is reachable now (shown in /api/status). */
export interface BroadcastStatus {
  kind: 'memory' | 'redis';
  connected: boolean;
}

export interface BroadcastBroker {
  /** Assigns the next id, appends to the bounded history and delivers to every subscriber. */
  publish(data: string): Promise<BrokerMessage>;
  /** Calls `listener` for every message published from now on; returns the unsubscribe function. */
  subscribe(listener: (message: BrokerMessage) => void): () => void;
  /** The retained history after `afterId`, or all of it for `null` (a first-time reader). */
  historySince(afterId: string | null): Promise<HistorySince>;
  /**
   * Calls `listener` when messages may have been lost on their way to this
   * process's subscribers (it was cut off from a shared history for longer
   * than the history reaches): their readers must reconnect and resume from
   * the history, where they learn what is missing.
   */
  onGap(listener: () => void): void;
}

const MESSAGE_ID = /^(\d{1,15})-(\d{1,15})$/;

/** Whether `value` has the shape of a message id (it may still be unknown to the broker). */
export function isMessageId(value: string): boolean {
  return MESSAGE_ID.test(value);
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. Both must be valid ids. */
export function compareMessageIds(a: string, b: string): number {
  const [, aMs, aSeq] = MESSAGE_ID.exec(a)!;
  const [, bMs, bSeq] = MESSAGE_ID.exec(b)!;
  return Number(aMs) - Number(bMs) || Number(aSeq) - Number(bSeq);
}
