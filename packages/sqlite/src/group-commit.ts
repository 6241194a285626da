/**
 * Group commit: writes submitted within one turn of the event loop run together in one
 * `BEGIN IMMEDIATE` transaction, and each is acknowledged only after that COMMIT. A
 * transaction (not a statement) is what costs with SQLite in WAL mode, so 64 writes in flight
 * cost about one commit instead of 64. A lone write still runs alone, one turn later.
 */

interface Pending {
  readonly operation: string;
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** What the queue needs from the driver. */
export interface GroupCommitHost {
  /** Runs `batch` inside one BEGIN IMMEDIATE transaction (better-sqlite3 `.immediate`). */
  transaction(batch: () => void): void;
  /**
   * Runs one write alone with the driver's retry and error typing; used for a whole batch
   * once it failed (lock busy, or one statement failed), so each write gets its own outcome.
   */
  alone(operation: string, work: () => unknown): Promise<unknown>;
}

/** The queue of writes waiting for the next group commit. */
export class GroupCommit {
  readonly #host: GroupCommitHost;
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(host: GroupCommitHost) {
    this.#host = host;
  }

  /** Queues `work` for the next commit; resolves with its result once committed. */
  submit<T>(operation: string, work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ operation, work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate, not a microtask: callers that resolved in this turn get to queue
        // their next write first.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now (also called by `close()` before the handle goes). */
  flush(): void {
    const batch = this.#queue;
    this.#queue = [];
    this.#scheduled = false;
    if (batch.length === 0) return;
    const results: unknown[] = new Array(batch.length);
    try {
      this.#host.transaction(() => {
        for (let i = 0; i < batch.length; i++) results[i] = batch[i]!.work();
      });
    } catch {
      // The transaction rolled back as a whole (nothing of it is visible): replay each write
      // alone, so a busy lock is retried and a failing write fails alone.
      for (const op of batch) op.resolve(this.#host.alone(op.operation, op.work));
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]);
  }
}
