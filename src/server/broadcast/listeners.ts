/**
 * The callbacks of one broadcast: its subscribers, or those to tell of a gap.
 * Each registration gets its own entry, so the same function may be added
 * twice and removed once.
 */
export class Listeners<T = void> {
  readonly #entries = new Set<(value: T) => void>();

  /** Calls `listener` on every `emit` from now on; returns the function that stops it. */
  add(listener: (value: T) => void): () => void {
    const entry = (value: T): void => listener(value);
    this.#entries.add(entry);
    return () => this.#entries.delete(entry);
  }

  emit(value: T): void {
    for (const entry of this.#entries) entry(value);
  }
}
