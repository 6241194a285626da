import { closeSync, fstatSync, ftruncateSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { StoredSession } from "@sessions/core";
import type { FileCodec } from "./codec.js";
import {
  type CompactionCapture,
  captureCompaction,
  installSnapshot,
  unchangedSince,
  writeSnapshotTemp,
} from "./compaction.js";
import { FileCorruptError, storeError } from "./errors.js";
import {
  readAt,
  removeQuietly,
  removeTempFiles,
  replaceFile,
  syncData,
  syncDirectory,
  writeAll,
} from "./files.js";
import { GroupCommit, type PendingWrite } from "./group-commit.js";
import { applyEntry, encodeEntry, type JournalEntry, parseJournal } from "./journal.js";
import { FileLock } from "./lock.js";
import type { RecordTable } from "./record-table.js";
import { Serial } from "./serial.js";
import { copyRecord, readSnapshot } from "./snapshot.js";

/** Options of {@link FileStore}, already validated. */
export interface FileStoreOptions {
  readonly path: string;
  readonly codec: FileCodec;
  readonly lockTimeoutMs: number;
  readonly staleLockMs: number;
  readonly compactBytes: number;
}

/** What a write sees: the fresh table, and the only ways to change it (each one journaled). */
export interface Transaction {
  /** The records, fresh under the lock, with this batch's earlier writes applied. */
  readonly table: RecordTable;
  /** Stores `record` (a copy of its six fields). */
  put(record: StoredSession): void;
  /** Removes these keys (callers pass keys that exist). */
  delete(keys: readonly string[]): void;
  /** Removes every record. */
  clear(): void;
}

/** A write: runs synchronously inside a batch, under the lock, and returns its result. */
export type Write = (tx: Transaction) => unknown;

type Outcome = { readonly ok: boolean; readonly value: unknown };

/**
 * One data file plus its journal, shared with other processes. The readable file (the
 * snapshot) is replaced only by compaction; each write appends a line to `<path>.journal`
 * under the file lock and is acknowledged after fdatasync. The in-memory table always equals
 * snapshot + journal up to `#offset`: before each operation only the journal bytes after
 * `#offset` are read, and the pair is reloaded whole only after another process compacted
 * (the journal path then names another inode; ours stays open, so its number is not reused).
 */
export class FileStore {
  /** The driver's name (the codec's format), for errors. */
  readonly name: string;
  readonly #options: FileStoreOptions;
  readonly #journalPath: string;
  readonly #lock: FileLock;
  readonly #writes: GroupCommit<Write>;
  /** Batches and compaction steps of this process take turns before taking the file lock. */
  readonly #serial = new Serial();
  /** The background compaction in flight, if any (it never rejects). */
  #compaction: Promise<void> | null = null;
  #table: RecordTable | null = null;
  #fd = -1;
  #ino = -1;
  #offset = 0;
  #lines = 0;
  #snapshotBytes = 0;
  #nextCompaction = 0;
  #opened = false;
  /** This process holds the file lock: nobody else can change the files. */
  #holding = false;
  /** Settles when the batch being appended is durable (or failed); reads wait for it. */
  #unacked: Promise<void> | null = null;

  constructor(options: FileStoreOptions) {
    this.#options = options;
    this.name = options.codec.format;
    this.#journalPath = `${options.path}.journal`;
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
    while (this.#unacked) await this.#unacked;
    if (!this.#opened) await this.#writes.submit(() => undefined);
    if (this.#holding && this.#table) return this.#table;
    try {
      return this.#refresh(false);
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
      if (this.#table !== null && this.#offset > 0) await this.#compactRetrying();
    } catch (error) {
      throw this.#fail("close", error);
    } finally {
      if (this.#fd >= 0) closeSync(this.#fd);
      this.#fd = -1;
      this.#table = null;
    }
  }

  #locked<T>(work: () => Promise<T>): Promise<T> {
    return this.#serial.run(async () => {
      await this.#lock.acquire();
      this.#holding = true;
      try {
        return await work();
      } finally {
        this.#holding = false;
        this.#lock.release();
      }
    });
  }

  /** Commits one batch under the lock, settles its writes, then compacts if due. */
  async #commit(batch: PendingWrite<Write>[]): Promise<void> {
    try {
      await this.#locked(async () => {
        let outcomes: Outcome[];
        try {
          if (!this.#opened) await this.#open();
          outcomes = await this.#apply(batch);
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
        const due = Math.max(this.#options.compactBytes, this.#snapshotBytes, this.#nextCompaction);
        if (this.#offset >= due) this.#compaction ??= this.#compactInBackground();
      });
    } catch (error) {
      // The lock was not obtained (LOCK_TIMEOUT or a file-system error).
      const failure = this.#fail("write", error);
      for (const op of batch) op.reject(failure);
    }
  }

  /** Runs the writes on the fresh table, then appends their entries and fdatasyncs once. */
  async #apply(batch: PendingWrite<Write>[]): Promise<Outcome[]> {
    const table = this.#refresh(true);
    const entries: JournalEntry[] = [];
    const tx: Transaction = {
      table,
      put(record) {
        const stored = copyRecord(record);
        table.put(stored);
        entries.push({ put: stored });
      },
      delete(keys) {
        for (const key of keys) table.delete(key);
        if (keys.length > 0) entries.push({ delete: keys });
      },
      clear() {
        table.clear();
        entries.push({ clear: true });
      },
    };
    const outcomes = batch.map((op): Outcome => {
      try {
        return { ok: true, value: op.work(tx) };
      } catch (error) {
        return { ok: false, value: error };
      }
    });
    if (entries.length === 0) return outcomes;
    const data = Buffer.from(entries.map(encodeEntry).join(""), "utf8");
    let settle!: () => void;
    this.#unacked = new Promise((resolve) => {
      settle = resolve;
    });
    try {
      writeAll(this.#fd, data, this.#offset);
      await syncData(this.#fd);
    } catch (error) {
      // Nothing of this batch is acknowledged: cut what reached the file, and drop the table
      // (it holds the batch) so the next operation reloads what is really on disk.
      this.#table = null;
      try {
        ftruncateSync(this.#fd, this.#offset);
      } catch {
        // The next writer cuts the torn tail itself.
      }
      throw error;
    } finally {
      this.#unacked = null;
      settle();
    }
    this.#offset += data.length;
    this.#lines += entries.length;
    return outcomes;
  }

  /**
   * First use, under the lock: removes temp files left by a crash, and creates the readable
   * file and the journal of a new store (durably, before any write is acknowledged).
   */
  async #open(): Promise<void> {
    const { path, codec } = this.#options;
    removeTempFiles(path);
    if (statSync(this.#journalPath, { throwIfNoEntry: false }) === undefined) {
      if (statSync(path, { throwIfNoEntry: false }) === undefined) {
        await replaceFile(path, Buffer.from(codec.encode([]), "utf8"));
      } else {
        // A data file without a journal (a copy, a restore): check it before adding anything.
        readSnapshot(path, codec, false);
      }
      closeSync(openSync(this.#journalPath, "wx", 0o600));
      await syncDirectory(dirname(path));
    }
    this.#opened = true;
  }

  /**
   * Reads what other processes appended since `#offset` (a writer also cuts a torn tail left
   * by a crashed writer); reloads everything after a compaction.
   */
  #refresh(writer: boolean): RecordTable {
    const table = this.#table;
    if (table === null) return this.#load(writer);
    const stat = statSync(this.#journalPath, { throwIfNoEntry: false });
    if (stat === undefined || stat.ino !== this.#ino || stat.size < this.#offset) {
      return this.#load(writer);
    }
    if (stat.size === this.#offset) return table;
    let parsed: ReturnType<typeof parseJournal>;
    try {
      const chunk = readAt(this.#fd, stat.size - this.#offset, this.#offset);
      parsed = parseJournal(this.name, chunk, this.#lines + 1);
    } catch {
      // Not necessarily corruption (lines rolled back under a lock-free read): a full reload
      // decides, and reports corruption if it is real.
      return this.#load(writer);
    }
    for (const entry of parsed.entries) applyEntry(table, entry);
    this.#offset += parsed.consumed;
    this.#lines += parsed.entries.length;
    if (writer && parsed.tornBytes > 0) ftruncateSync(this.#fd, this.#offset);
    return table;
  }

  /**
   * Loads snapshot + journal. The journal is opened first and checked afterwards to still be
   * the one at its path: a compaction in between could otherwise pair a snapshot with a later
   * journal. (A newer snapshot with an older journal is harmless: replay is idempotent.)
   */
  #load(writer: boolean): RecordTable {
    for (let attempt = 0; ; attempt++) {
      const fd = openSync(this.#journalPath, "r+");
      try {
        const { ino, size } = fstatSync(fd);
        const { table, bytes } = readSnapshot(this.#options.path, this.#options.codec, size > 0);
        const chunk = readAt(fd, size, 0);
        let parsed: ReturnType<typeof parseJournal>;
        try {
          parsed = parseJournal(this.name, chunk, 1);
        } catch (error) {
          throw error instanceof FileCorruptError ? error.inFile(this.#journalPath) : error;
        }
        if (statSync(this.#journalPath).ino !== ino && attempt < 10) {
          closeSync(fd);
          continue;
        }
        for (const entry of parsed.entries) applyEntry(table, entry);
        if (writer && parsed.tornBytes > 0) ftruncateSync(fd, parsed.consumed);
        if (this.#fd >= 0) closeSync(this.#fd);
        this.#fd = fd;
        this.#ino = ino;
        this.#offset = parsed.consumed;
        this.#lines = parsed.entries.length;
        this.#snapshotBytes = bytes;
        this.#nextCompaction = 0;
        this.#table = table;
        return table;
      } catch (error) {
        closeSync(fd);
        throw error;
      }
    }
  }

  /** A compaction that does not hold up the batch that triggered it (writes go on meanwhile). */
  async #compactInBackground(): Promise<void> {
    try {
      await this.#compactOnce();
    } catch {
      // The writes are durable in the journal. Retry once it has grown by another
      // `compactBytes`; close() retries too and reports the error.
      this.#nextCompaction = this.#offset + this.#options.compactBytes;
    } finally {
      this.#compaction = null;
    }
  }

  /** Compacts, again if another process compacted first (its capture may predate our writes). */
  async #compactRetrying(): Promise<void> {
    for (let attempt = 0; attempt < 3 && !(await this.#compactOnce()); attempt++);
  }

  /**
   * One compaction, in the three steps of compaction.ts: the lock is held to capture and to
   * install, not while encoding and writing. Resolves `false` when another process compacted
   * in between (our temp file is then discarded), `true` otherwise.
   */
  async #compactOnce(): Promise<boolean> {
    const { path, codec } = this.#options;
    const capture = await this.#locked(async () => {
      if (!this.#opened) await this.#open();
      const table = this.#refresh(true);
      if (this.#offset === 0) return null;
      return captureCompaction(path, this.#journalPath, table, this.#offset);
    });
    if (capture === null) return true;
    try {
      const { temp, bytes } = await writeSnapshotTemp(path, codec, capture);
      try {
        return await this.#locked(() => this.#install(capture, temp, bytes));
      } finally {
        removeQuietly(temp);
      }
    } finally {
      closeSync(capture.journalFd);
    }
  }

  /** Step 3, under the lock: install the temp file unless someone compacted meanwhile. */
  async #install(capture: CompactionCapture, temp: string, bytes: number): Promise<boolean> {
    this.#refresh(true);
    if (!unchangedSince(capture, this.#options.path, this.#ino)) return false;
    // What was appended after the capture (by any process) stays in the new journal.
    const tail = readAt(this.#fd, this.#offset - capture.position, capture.position);
    const fd = await installSnapshot(temp, this.#options.path, this.#journalPath, tail);
    closeSync(this.#fd);
    this.#fd = fd;
    this.#ino = fstatSync(fd).ino;
    this.#offset = tail.length;
    this.#lines = countLines(tail);
    this.#snapshotBytes = bytes;
    this.#nextCompaction = 0;
    return true;
  }

  #fail(operation: string, error: unknown) {
    return storeError(this.name, operation, error);
  }
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return lines;
}
