/**
 * The handles this manager has already reported expired, while their records are still
 * stored (see `clockTolerance`: a record is removed only once it has been dead that long). If
 * this process's clock is set back, or another process behind it extends the record, the
 * session must not come back to life here: a verdict of "expired" is final for the process
 * that gave it. Bounded: the oldest entries go first, and an entry is dropped once its record
 * would be removed on access anyway.
 */
export class ExpiredMemory {
  readonly #forgetAfter = new Map<string, number>();
  readonly #capacity: number;
  readonly #toleranceMs: number;

  constructor(toleranceMs: number, capacity = 10_000) {
    this.#toleranceMs = toleranceMs;
    this.#capacity = capacity;
  }

  /** Records that `handle` was found expired at `now`. */
  remember(handle: string, now: number): void {
    if (this.#toleranceMs === 0) return; // removed at once: nothing to remember
    this.#forgetAfter.delete(handle);
    if (this.#forgetAfter.size >= this.#capacity) {
      const oldest = this.#forgetAfter.keys().next().value as string;
      this.#forgetAfter.delete(oldest);
    }
    this.#forgetAfter.set(handle, now + this.#toleranceMs);
  }

  /** Whether `handle` was reported expired and must stay so at `now`. */
  has(handle: string, now: number): boolean {
    if (this.#forgetAfter.size === 0) return false;
    const until = this.#forgetAfter.get(handle);
    if (until === undefined) return false;
    if (now < until) return true;
    this.#forgetAfter.delete(handle);
    return false;
  }
}
