import { closeSync, fstatSync, ftruncateSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { FileCodec } from "./codec.js";
import { FileCorruptError } from "./errors.js";
import {
  readAt,
  removeTempFiles,
  replaceFile,
  syncData,
  syncDirectory,
  writeAll,
} from "./files.js";
import { applyEntry, parseJournal } from "./journal.js";
import type { RecordTable } from "./record-table.js";
import { readSnapshot } from "./snapshot.js";

/**
 * What this process knows of one store's files: the table, which always equals snapshot +
 * journal up to `offset`, and an open descriptor on that journal. Before each operation only
 * the journal bytes after `offset` are read; the pair is reloaded whole only after another
 * process compacted (the journal path then names another inode; ours stays open, so its number
 * is not reused). Locking is the caller's job: `open`, `refresh(true)`, `append` and
 * `adoptJournal` must run under the file lock.
 */
export class DiskState {
  /** The driver's name (the codec's format), for errors. */
  readonly name: string;
  /** The readable data file (the snapshot). */
  readonly path: string;
  /** `<path>.journal`, the lines appended since the last compaction. */
  readonly journalPath: string;
  /** The format of the readable file. */
  readonly codec: FileCodec;
  #table: RecordTable | null = null;
  #fd = -1;
  #ino = -1;
  #offset = 0;
  #lines = 0;
  #snapshotBytes = 0;
  #retryCompactionAt = 0;
  #opened = false;
  /** Settles when the batch being appended is durable (or failed); reads wait for it. */
  #unacked: Promise<void> | null = null;

  /** @param path the readable data file; `codec` decodes it. */
  constructor(path: string, codec: FileCodec) {
    this.name = codec.format;
    this.path = path;
    this.journalPath = `${path}.journal`;
    this.codec = codec;
  }

  /** The table as last read, or `null` before the first read and after a failed append. */
  get table(): RecordTable | null {
    return this.#table;
  }

  /** Journal bytes the table includes (the journal's size as this process last saw it). */
  get offset(): number {
    return this.#offset;
  }

  /** Inode of the journal the table was read from. */
  get ino(): number {
    return this.#ino;
  }

  /** {@link open} has run in this process. */
  get opened(): boolean {
    return this.#opened;
  }

  /** The append in flight until it is durable (or failed), else `null`. */
  get unacked(): Promise<void> | null {
    return this.#unacked;
  }

  /**
   * True when the journal has outgrown both `compactBytes` and the readable file (so
   * compaction costs O(1) per write, amortized), and no failed compaction asked to wait.
   */
  compactionDue(compactBytes: number): boolean {
    return this.#offset >= Math.max(compactBytes, this.#snapshotBytes, this.#retryCompactionAt);
  }

  /** After a failed background compaction: retry once the journal has grown by `compactBytes`. */
  postponeCompaction(compactBytes: number): void {
    this.#retryCompactionAt = this.#offset + compactBytes;
  }

  /**
   * First use, under the lock: removes temp files left by a crash, and creates the readable
   * file and the journal of a new store (durably, before any write is acknowledged).
   */
  async open(): Promise<void> {
    if (this.#opened) return;
    const { path, journalPath } = this;
    removeTempFiles(path);
    if (statSync(journalPath, { throwIfNoEntry: false }) === undefined) {
      if (statSync(path, { throwIfNoEntry: false }) === undefined) {
        await replaceFile(path, Buffer.from(this.codec.encode([]), "utf8"));
      } else {
        // A data file without a journal (a copy, a restore): check it before adding anything.
        readSnapshot(path, this.codec, false);
      }
      closeSync(openSync(journalPath, "wx", 0o600));
      await syncDirectory(dirname(path));
    }
    this.#opened = true;
  }

  /**
   * Reads what other processes appended since `offset` (a `writer`, holding the lock, also
   * cuts a torn tail left by a crashed writer); reloads everything after a compaction.
   */
  refresh(writer: boolean): RecordTable {
    const table = this.#table;
    if (table === null) return this.#load(writer);
    const stat = statSync(this.journalPath, { throwIfNoEntry: false });
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
   * Under the lock, on a refreshed table that already holds them: appends `data` (`lines`
   * journal lines) and fdatasyncs. On failure nothing is acknowledged: what reached the file
   * is cut, and the table (which holds the batch) is dropped so the next operation reloads
   * what is really on disk.
   */
  async append(data: Buffer, lines: number): Promise<void> {
    let settle!: () => void;
    this.#unacked = new Promise((resolve) => {
      settle = resolve;
    });
    try {
      writeAll(this.#fd, data, this.#offset);
      await syncData(this.#fd);
    } catch (error) {
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
    this.#lines += lines;
  }

  /** The journal bytes from `position` up to `offset`. */
  journalSince(position: number): Buffer {
    return readAt(this.#fd, this.#offset - position, position);
  }

  /**
   * After this process installed a compaction: `fd` is the new journal, holding `tail` (the
   * lines the table has beyond the new snapshot of `snapshotBytes` bytes).
   */
  adoptJournal(fd: number, tail: Buffer, snapshotBytes: number): void {
    closeSync(this.#fd);
    this.#fd = fd;
    this.#ino = fstatSync(fd).ino;
    this.#offset = tail.length;
    this.#lines = countLines(tail);
    this.#snapshotBytes = snapshotBytes;
    this.#retryCompactionAt = 0;
  }

  /** Closes the journal and forgets the table (a later read reloads). */
  close(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
    this.#table = null;
  }

  /**
   * Loads snapshot + journal. The journal is opened first and checked afterwards to still be
   * the one at its path: a compaction in between could otherwise pair a snapshot with a later
   * journal. (A newer snapshot with an older journal is harmless: replay is idempotent.)
   */
  #load(writer: boolean): RecordTable {
    for (let attempt = 0; ; attempt++) {
      const fd = openSync(this.journalPath, "r+");
      try {
        const { ino, size } = fstatSync(fd);
        const { table, bytes } = readSnapshot(this.path, this.codec, size > 0);
        const chunk = readAt(fd, size, 0);
        let parsed: ReturnType<typeof parseJournal>;
        try {
          parsed = parseJournal(this.name, chunk, 1);
        } catch (error) {
          throw error instanceof FileCorruptError ? error.inFile(this.journalPath) : error;
        }
        if (statSync(this.journalPath).ino !== ino && attempt < 10) {
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
        this.#retryCompactionAt = 0;
        this.#table = table;
        return table;
      } catch (error) {
        closeSync(fd);
        throw error;
      }
    }
  }
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return lines;
}
