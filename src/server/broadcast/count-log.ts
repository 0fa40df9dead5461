import { Listeners } from './listeners.ts';

/**
 * The resumable counter's counts (src/server/demos/counter.ts): one counter
 * shared by every reader, with the last counts kept so that a reader that
 * reconnects with `Last-Event-ID` gets what it missed.
 *
 * The counter talks only to this interface. The in-memory log serves one
 * process; the Redis log (redis-count-log.ts) serves several, where exactly
 * one of them counts at a time and every one delivers the same counts.
 */
export interface CountLog {
  /**
   * Counts one up and delivers the new count to every subscriber, unless
   * another process is the one counting now. Resolves to the new count, or
   * null when it left the counting to another process.
   */
  countUp(): Promise<number | null>;
  /** Calls `listener` with every count from now on, whichever process counted it; returns the unsubscribe function. */
  subscribe(listener: (n: number) => void): () => void;
  /** The counts kept for replay, oldest first, and the newest count (0 before the first). */
  recent(): Promise<RecentCounts>;
  /**
   * Calls `listener` when counts may have been lost on their way to this
   * process's readers, or the counter started over: the readers must
   * reconnect and resume, or get the `reset`.
   */
  onGap(listener: () => void): void;
}

export interface RecentCounts {
  retained: number[];
  newest: number;
}

/** The counts of one process: a counter and a ring of the last `keep` counts. */
export class MemoryCountLog implements CountLog {
  readonly #keep: number;
  readonly #retained: number[] = [];
  readonly #subscribers = new Listeners<number>();
  #newest = 0;

  constructor(keep: number) {
    this.#keep = keep;
  }

  async countUp(): Promise<number> {
    const n = ++this.#newest;
    this.#retained.push(n);
    if (this.#retained.length > this.#keep) this.#retained.shift();
    this.#subscribers.emit(n);
    return n;
  }

  subscribe(listener: (n: number) => void): () => void {
    return this.#subscribers.add(listener);
  }

  onGap(): void {
    // One process never misses its own counts.
  }

  async recent(): Promise<RecentCounts> {
    return { retained: [...this.#retained], newest: this.#newest };
  }
}
