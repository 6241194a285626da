import type { FileCodec } from "./codec.js";
import { compactOnce, type Locked } from "./compaction.js";
import { DiskState } from "./disk-state.js";
import { storeError } from "./errors.js";
import { GroupCommit, type PendingWrite } from "./group-commit.js";
import { FileLock } from "./lock.js";
import type { RecordTable } from "./record-table.js";
import { Serial } from "./serial.js";
import { applyBatch, type Outcome, type Transaction, type Write } from "./write-batch.js";

/** Options of {@link FileStore}, already validated. */
export interface FileStoreOptions {
  readonly path: string;
  readonly codec: FileCodec;
  readonly lockTimeoutMs: number;
  readonly staleLockMs: number;
  readonly compactBytes: number;
}

/**
 * One data file plus its journal, shared with other processes. The readable file (the
 * snapshot) is replaced only by compaction; each write appends a line to `<path>.journal`
 * under the file lock and is acknowledged after fdatasync. This class schedules the work:
 * writes are grouped into batches (write-batch.ts), batches and compactions (compaction.ts)
 * take turns for the lock, and both keep {@link DiskState} (the table and the journal as this
 * process knows them) in step with the files.
 */
export class FileStore {
  /** The driver's name (the codec's format), for errors. */
  readonly name: string;
  readonly #options: FileStoreOptions;
  readonly #state: DiskState;
  readonly #lock: FileLock;
  readonly #writes: GroupCommit<Write>;
  /** Batches and compaction steps of this process take turns before taking the file lock. */
  readonly #serial = new Serial();
  /** The background compaction in flight, if any (it never rejects). */
  #compaction: Promise<void> | null = null;
  /** This process holds the file lock: nobody else can change the files. */
  #holding = false;

  constructor(options: FileStoreOptions) {
    this.#options = options;
    this.name = options.codec.format;
    this.#state = new DiskState(options.path, options.codec);
    this.#lock = new FileLock(`${options.path}.lock`, {
      driver: this.name,
      timeoutMs: options.lockTimeoutMs,
      staleMs: options.staleLockMs,
    });
    this.#writes = new GroupCommit((batch) => this.#commit(batch));
  }

  /**
   * The table, brought up to date without the lock (lines other processes appended are read;
   * a line still being written is not). Waits while this process's own batch is not durable,
   * so a read never sees a write that may still fail.
   */
  async read(operation: string): Promise<RecordTable> {
    const state = this.#state;
    while (state.unacked) await state.unacked;
    if (!state.opened) await this.#writes.submit(() => undefined);
    const table = state.table;
    if (this.#holding && table) return table;
    try {
      return state.refresh(false);
    } catch (error) {
      throw this.#fail(operation, error);
    }
  }

  /** Runs `work` in the next group commit; resolves with its result once it is durable. */
  write<T>(work: (tx: Transaction) => T): Promise<T> {
    return this.#writes.submit<T>(work);
  }

  /**
   * Folds the journal into the readable file now (benchmarks, tests, backups), after the
   * writes queued so far; it also runs by itself, in the background, whenever the journal
   * outgrows the readable file. Holds the file lock only to capture and to install.
   */
  async compact(): Promise<void> {
    await this.#writes.drain();
    await this.#compaction;
    try {
      await this.#compactRetrying();
    } catch (error) {
      throw this.#fail("compact", error);
    }
  }

  /**
   * Waits for queued writes and a running compaction, compacts the journal into the readable
   * file (so a cleanly closed file is complete by itself), and closes the journal.
   */
  async close(): Promise<void> {
    await this.#writes.drain();
    await this.#compaction;
    try {
      if (this.#state.table !== null && this.#state.offset > 0) await this.#compactRetrying();
    } catch (error) {
      throw this.#fail("close", error);
    } finally {
      this.#state.close();
    }
  }

  readonly #locked: Locked = (work) =>
    this.#serial.run(async () => {
      await this.#lock.acquire();
      this.#holding = true;
      try {
        return await work();
      } finally {
        this.#holding = false;
        this.#lock.release();
      }
    });

  /** Commits one batch under the lock, settles its writes, then compacts if due. */
  async #commit(batch: PendingWrite<Write>[]): Promise<void> {
    try {
      await this.#locked(async () => {
        let outcomes: Outcome[];
        try {
          await this.#state.open();
          outcomes = await applyBatch(this.#state, batch);
        } catch (error) {
          const failure = this.#fail("write", error);
          for (const op of batch) op.reject(failure);
          return;
        }
        batch.forEach((op, i) => {
          const { ok, value } = outcomes[i]!;
          if (ok) op.resolve(value);
          else op.reject(value);
        });
        if (this.#state.compactionDue(this.#options.compactBytes)) {
          this.#compaction ??= this.#compactInBackground();
        }
      });
    } catch (error) {
      // The lock was not obtained (LOCK_TIMEOUT or a file-system error).
      const failure = this.#fail("write", error);
      for (const op of batch) op.reject(failure);
    }
  }

  /** A compaction that does not hold up the batch that triggered it (writes go on meanwhile). */
  async #compactInBackground(): Promise<void> {
    try {
      await compactOnce(this.#state, this.#locked);
    } catch {
      // The writes are durable in the journal. Retry once it has grown by another
      // `compactBytes`; close() retries too and reports the error.
      this.#state.postponeCompaction(this.#options.compactBytes);
    } finally {
      this.#compaction = null;
    }
  }

  /** Compacts, again if another process compacted first (its capture may predate our writes). */
  async #compactRetrying(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await compactOnce(this.#state, this.#locked)) return;
    }
  }

  #fail(operation: string, error: unknown) {
    return storeError(this.name, operation, error);
  }
}
