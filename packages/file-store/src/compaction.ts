import { closeSync, fstatSync, openSync, statSync } from "node:fs";
import type { StoredSession } from "@sessions/core";
import type { FileCodec } from "./codec.js";
import type { DiskState } from "./disk-state.js";
import {
  compactionTempPathFor,
  removeQuietly,
  renameDurably,
  syncData,
  tempPathFor,
  writeAll,
  writeTempFile,
} from "./files.js";
import type { RecordTable } from "./record-table.js";

/**
 * Compaction in three steps, so the cross-process lock is held only briefly (encoding 100,000
 * sessions can take longer than another process's `lockTimeoutMs`):
 *
 * 1. under the lock, {@link captureCompaction}: the records, the journal position they
 *    include, and the identity of both files;
 * 2. without the lock, {@link writeSnapshotTemp}: encode, write and fsync a uniquely named
 *    temp file, while every process keeps appending to the journal;
 * 3. under the lock again: if {@link unchangedSince} (nobody compacted meanwhile),
 *    {@link installSnapshot} renames the temp file over the data file, fsyncs the directory,
 *    and replaces the journal by the lines appended after the captured position; otherwise
 *    the temp file is discarded.
 *
 * A crash between the rename and the journal's replacement leaves the new snapshot with the
 * whole old journal, which replays to the same state (each line is a result, not an
 * operation); a crash before the rename leaves a temp file that the next opener removes once
 * its process is gone.
 */
export interface CompactionCapture {
  /** The records, sorted by key so the file diffs well. */
  readonly records: readonly StoredSession[];
  /** Journal bytes these records include; the new journal keeps only what follows. */
  readonly position: number;
  /** Inode of the journal at capture; every compaction replaces the journal. */
  readonly journalIno: number;
  /** A descriptor on that journal, held until the end so its inode number is not reused. */
  readonly journalFd: number;
  /** Identity of the data file at capture (see {@link snapshotIdentity}). */
  readonly snapshot: string | null;
}

/** The data file's identity: it changes when the file is replaced or written; `null` if absent. */
export function snapshotIdentity(path: string): string | null {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (stat === undefined) return null;
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** Step 1, under the lock, on a table that is up to date with the journal at `position`. */
export function captureCompaction(
  path: string,
  journalPath: string,
  table: RecordTable,
  position: number,
): CompactionCapture {
  const journalFd = openSync(journalPath, "r");
  try {
    // Record objects are never mutated (a write stores a new one), so sharing them is safe.
    const records = table.sortedKeys().map((key) => table.get(key)!);
    const journalIno = fstatSync(journalFd).ino;
    return { records, position, journalIno, journalFd, snapshot: snapshotIdentity(path) };
  } catch (error) {
    closeSync(journalFd);
    throw error;
  }
}

/**
 * Step 2, without the lock: the encoded records in a fresh, fsynced temp file beside `path`.
 * On failure (a codec error, a full disk) the temp file is removed.
 */
export async function writeSnapshotTemp(
  path: string,
  codec: FileCodec,
  capture: CompactionCapture,
): Promise<{ temp: string; bytes: number }> {
  const data = Buffer.from(codec.encode(capture.records), "utf8");
  const temp = compactionTempPathFor(path);
  await writeTempFile(temp, data);
  return { temp, bytes: data.length };
}

/**
 * Step 3's check, under the lock: true when neither file was replaced since the capture. The
 * journal identity alone decides correctness (the held descriptor keeps its inode number from
 * being reused); the data file's identity also catches a compaction that crashed half-way.
 */
export function unchangedSince(
  capture: CompactionCapture,
  path: string,
  journalIno: number,
): boolean {
  return journalIno === capture.journalIno && snapshotIdentity(path) === capture.snapshot;
}

/**
 * Step 3, under the lock: renames the temp file over `path` (durably), then replaces the
 * journal by `tail`, the lines appended since the capture. Resolves with a read-write
 * descriptor on the new journal. The temp file is gone afterwards, whatever happens.
 */
export async function installSnapshot(
  temp: string,
  path: string,
  journalPath: string,
  tail: Buffer,
): Promise<number> {
  await renameDurably(temp, path);
  const journalTemp = tempPathFor(journalPath);
  const fd = openSync(journalTemp, "wx+", 0o600);
  try {
    writeAll(fd, tail, 0);
    await syncData(fd);
    await renameDurably(journalTemp, journalPath);
  } catch (error) {
    closeSync(fd);
    removeQuietly(journalTemp);
    throw error;
  }
  return fd;
}

/** Runs `work` holding the store's file lock; settles as `work` does. */
export type Locked = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * One compaction of `state`, in the three steps above: `locked` holds the lock to capture and
 * to install, not while encoding and writing. Resolves `false` when another process compacted
 * in between (our temp file is then discarded), `true` otherwise.
 */
export async function compactOnce(state: DiskState, locked: Locked): Promise<boolean> {
  const capture = await locked(async () => {
    await state.open();
    const table = state.refresh(true);
    if (state.offset === 0) return null;
    return captureCompaction(state.path, state.journalPath, table, state.offset);
  });
  if (capture === null) return true;
  try {
    const { temp, bytes } = await writeSnapshotTemp(state.path, state.codec, capture);
    try {
      return await locked(() => install(state, capture, temp, bytes));
    } finally {
      removeQuietly(temp);
    }
  } finally {
    closeSync(capture.journalFd);
  }
}

/** Step 3, under the lock: install the temp file unless someone compacted meanwhile. */
async function install(
  state: DiskState,
  capture: CompactionCapture,
  temp: string,
  bytes: number,
): Promise<boolean> {
  state.refresh(true);
  if (!unchangedSince(capture, state.path, state.ino)) return false;
  // What was appended after the capture (by any process) stays in the new journal.
  const tail = state.journalSince(capture.position);
  const fd = await installSnapshot(temp, state.path, state.journalPath, tail);
  state.adoptJournal(fd, tail, bytes);
  return true;
}
