import { compareMessageIds, type BroadcastBroker, type BrokerMessage, type HistorySince } from './broker.ts';
import { Listeners } from './listeners.ts';

export interface HistoryLimits {
  /** Messages kept for replay; the oldest goes first. */
  maxMessages: number;
  /** Bytes of payload kept for replay (UTF-8), so a few long messages cannot hold more memory than many short ones. */
  maxBytes: number;
}

/**
 * The broker of a single process: history in an array, subscribers in a set.
 *
 * The history is bounded by count and by bytes. To tell a reconnecting
 * reader whether its `Last-Event-ID` can still be served without a gap, it
 * keeps a horizon: the id of the newest message it has dropped, or, before
 * anything was dropped, the first id this broker could have issued. An id
 * older than the horizon means the reader missed messages that are gone,
 * including messages of an earlier process (the ids start from the clock,
 * so a restarted server never reuses them).
 */
export class MemoryBroker implements BroadcastBroker {
  readonly #limits: HistoryLimits;
  readonly #subscribers = new Listeners<BrokerMessage>();
  readonly #now: () => number;
  /** The retained messages, oldest first, handed out as they are (never changed once published). */
  #history: BrokerMessage[] = [];
  /** The UTF-8 size of each retained message's payload, in the same order. */
  #sizes: number[] = [];
  #historyBytes = 0;
  #horizon: string;
  #lastMs: number;
  #lastSeq = -1;

  constructor(limits: HistoryLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
    this.#lastMs = now();
    this.#horizon = `${this.#lastMs}-0`;
  }

  /** Messages and payload bytes held for replay right now. */
  get historySize(): { messages: number; bytes: number } {
    return { messages: this.#history.length, bytes: this.#historyBytes };
  }

  async publish(data: string): Promise<BrokerMessage> {
    const message = Object.freeze({ id: this.#nextId(), data });
    const bytes = Buffer.byteLength(data);
    this.#history.push(message);
    this.#sizes.push(bytes);
    this.#historyBytes += bytes;
    while (this.#history.length > this.#limits.maxMessages || this.#historyBytes > this.#limits.maxBytes) {
      const dropped = this.#history.shift()!;
      this.#historyBytes -= this.#sizes.shift()!;
      this.#horizon = dropped.id;
    }
    this.#subscribers.emit(message);
    return message;
  }

  subscribe(listener: (message: BrokerMessage) => void): () => void {
    return this.#subscribers.add(listener);
  }

  onGap(): void {
    // One process never misses its own messages.
  }

  async historySince(afterId: string | null): Promise<HistorySince> {
    // A copy of the list, not of the messages: every new reader asks for it.
    const retained = this.#history.slice();
    if (afterId === null) return { messages: retained, complete: true };
    const newest = this.#lastSeq < 0 ? null : `${this.#lastMs}-${this.#lastSeq}`;
    const known = newest !== null && compareMessageIds(afterId, this.#horizon) >= 0 && compareMessageIds(afterId, newest) <= 0;
    if (!known) return { messages: retained, complete: false };
    return { messages: retained.filter((message) => compareMessageIds(message.id, afterId) > 0), complete: true };
  }

  /** Like Redis: milliseconds of the clock, never going back, and a sequence within the same millisecond. */
  #nextId(): string {
    const now = this.#now();
    if (now > this.#lastMs) {
      this.#lastMs = now;
      this.#lastSeq = 0;
    } else {
      this.#lastSeq += 1;
    }
    return `${this.#lastMs}-${this.#lastSeq}`;
  }
}
