/**
 * Fixed-window request counter per client key (the remote address). Old
 * windows are dropped as new requests arrive, so memory stays bounded by the
 * number of clients seen in one window; no timers are involved.
 */
export class RateLimit {
  readonly limit: number;
  readonly windowMs: number;
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #now: () => number;

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.#now = now;
  }

  /** Counts a request; returns the seconds to wait when `key` is over the limit, else 0. */
  take(key: string): number {
    const now = this.#now();
    for (const [other, window] of this.#windows) {
      if (now - window.start >= this.windowMs) this.#windows.delete(other);
    }
    const window = this.#windows.get(key) ?? { start: now, count: 0 };
    this.#windows.set(key, window);
    if (window.count >= this.limit) return Math.ceil((window.start + this.windowMs - now) / 1000);
    window.count += 1;
    return 0;
  }
}
