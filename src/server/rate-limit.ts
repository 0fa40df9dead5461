/** One client's window: when it started and how many requests it counted. */
interface Window {
  key: string;
  start: number;
  count: number;
}

/**
 * Fixed-window request counter per client key (see client-address.ts). No
 * timers are involved, and each request costs the same work however many
 * clients are stored: every window lasts `windowMs`, so windows end in the
 * order they started, and a queue in that order lets each request drop the
 * ended ones from its front without looking at the others. Memory is
 * bounded by the clients of one window, and by `maxClients`: past it, the
 * oldest window (the next to end) is forgotten early, which can let that one
 * client in again sooner, but never lets a flood of addresses grow the map.
 */
export class RateLimit {
  readonly limit: number;
  readonly windowMs: number;
  readonly #maxClients: number;
  readonly #windows = new Map<string, Window>();
  /** The same windows in the order they started; those before `#head` are gone. */
  #queue: Window[] = [];
  #head = 0;
  readonly #now: () => number;

  constructor(limit: number, windowMs: number, now: () => number = Date.now, maxClients = 100_000) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.#now = now;
    this.#maxClients = maxClients;
  }

  /** Clients with a window open. */
  get size(): number {
    return this.#windows.size;
  }

  /** Counts a request; returns the seconds to wait when `key` is over the limit, else 0. */
  take(key: string): number {
    const now = this.#now();
    while (this.#head < this.#queue.length && now - this.#queue[this.#head]!.start >= this.windowMs) this.#dropOldest();
    let window = this.#windows.get(key);
    if (window === undefined) {
      if (this.#windows.size >= this.#maxClients) this.#dropOldest();
      window = { key, start: now, count: 0 };
      this.#windows.set(key, window);
      this.#queue.push(window);
    }
    if (window.count >= this.limit) return Math.ceil((window.start + this.windowMs - now) / 1000);
    window.count += 1;
    return 0;
  }

  #dropOldest(): void {
    const oldest = this.#queue[this.#head]!;
    this.#windows.delete(oldest.key);
    this.#head += 1;
    // Drop the gone entries' slots once they are half the array: each entry is copied at most once on average.
    if (this.#head > 1024 && 2 * this.#head > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
