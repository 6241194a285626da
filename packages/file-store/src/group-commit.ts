/** One queued write and how to settle it. */
export interface PendingWrite<W> {
  readonly work: W;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Group commit: writes submitted while a batch is being committed (or within one turn of the
 * event loop) are committed together, sharing one lock acquisition, one append and one
 * fsync. A lone write still goes alone, one turn later. Batches never overlap, so one
 * process never races itself for the file lock.
 */
export class GroupCommit<W> {
  readonly #commit: (batch: PendingWrite<W>[]) => Promise<void>;
  #queue: PendingWrite<W>[] = [];
  #running: Promise<void> | null = null;
  #scheduled = false;

  /** @param commit commits a batch and settles every write of it; never rejects. */
  constructor(commit: (batch: PendingWrite<W>[]) => Promise<void>) {
    this.#commit = commit;
  }

  /** Queues `work`; resolves with what the batch gave it once the batch is durable. */
  submit<T>(work: W): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once every write queued so far is settled. */
  async drain(): Promise<void> {
    while (this.#running || this.#queue.length > 0) {
      if (!this.#running) this.#flush();
      await this.#running;
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#running) return;
    this.#scheduled = true;
    // setImmediate, not a microtask: callers resolved in this turn queue their next write first.
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#running) this.#flush();
    });
  }

  #flush(): void {
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    this.#running = this.#commit(batch).finally(() => {
      this.#running = null;
      // Writes that arrived during this batch form the next one.
      if (this.#queue.length > 0) this.#schedule();
    });
  }
}
