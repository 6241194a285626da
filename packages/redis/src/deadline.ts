/** One call waiting for its reply. */
export interface DeadlineEntry {
  /** Whether the call has settled (replied or timed out). */
  readonly done: boolean;
  /** Marks the call settled; `false` when it already was (the deadline fired first). */
  settle(): boolean;
}

class Entry implements DeadlineEntry {
  done = false;
  constructor(
    readonly at: number,
    readonly onTimeout: () => void,
  ) {}

  settle(): boolean {
    if (this.done) return false;
    this.done = true;
    return true;
  }
}

/**
 * Deadlines of in-flight calls, all with the same timeout, so they expire in the order they
 * started: a FIFO and a single timer armed for the oldest. Much cheaper per call than a timer
 * or an `AbortSignal.timeout` each.
 */
export class Deadlines {
  readonly #timeoutMs: number;
  #queue: Entry[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Starts the deadline of one call; `onTimeout` runs if it has not settled in time. */
  add(onTimeout: () => void): DeadlineEntry {
    const entry = new Entry(performance.now() + this.#timeoutMs, onTimeout);
    const queue = this.#queue;
    // Replies come back mostly in order: drop settled entries at the head as we go.
    while (this.#head < queue.length && queue[this.#head]!.done) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > queue.length) {
      this.#queue = queue.slice(this.#head);
      this.#head = 0;
    }
    this.#queue.push(entry);
    if (this.#timer === undefined) this.#arm(this.#timeoutMs);
    return entry;
  }

  #arm(delay: number): void {
    this.#timer = setTimeout(() => this.#expire(), Math.max(1, Math.ceil(delay)));
    // Pending calls, not this timer, decide whether the process stays alive.
    this.#timer.unref();
  }

  #expire(): void {
    this.#timer = undefined;
    const now = performance.now();
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const entry = queue[this.#head]!;
      if (!entry.done) {
        if (entry.at > now) break;
        entry.done = true;
        entry.onTimeout();
      }
      this.#head++;
    }
    if (this.#head >= queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else {
      this.#arm(queue[this.#head]!.at - now);
    }
  }
}
