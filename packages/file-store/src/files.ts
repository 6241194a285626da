import { randomBytes } from "node:crypto";
import {
  closeSync,
  fdatasync,
  fsync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { processAlive, processStart } from "./process-alive.js";

/** fdatasync of an open file, off the event loop. */
export const syncData: (fd: number) => Promise<void> = promisify(fdatasync);
const syncAll = promisify(fsync);

/**
 * Writes all of `data` at `position` (or at the current position); a short write is continued,
 * not ignored.
 */
export function writeAll(fd: number, data: Buffer, position?: number): void {
  for (let done = 0; done < data.length; ) {
    const at = position === undefined ? null : position + done;
    done += writeSync(fd, data, done, data.length - done, at);
  }
}

/** Reads up to `length` bytes at `position`; fewer when the file is shorter. */
export function readAt(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

/** fsync of a directory, so a rename or a created file inside it survives a power loss. */
export async function syncDirectory(dir: string): Promise<void> {
  const fd = openSync(dir, "r");
  try {
    await syncAll(fd);
  } finally {
    closeSync(fd);
  }
}

/** Suffix of every temp file; {@link removeTempFiles} removes exactly these. */
const TEMP_SUFFIX = ".tmp";

/** A fresh temp file name beside `path`: `<name>.<16 hex>.tmp` in the same directory. */
export function tempPathFor(path: string): string {
  return `${path}.${randomBytes(8).toString("hex")}${TEMP_SUFFIX}`;
}

/**
 * A temp file name for a compaction, which writes its snapshot *outside* the lock: it names
 * its process (`<name>.compact.<pid>.<start>.<16 hex>.tmp`) so that an opener, cleaning up
 * under the lock, removes it only once that process is gone, never while it is being written.
 */
export function compactionTempPathFor(path: string): string {
  const start = processStart(process.pid) ?? "0";
  return `${path}.compact.${process.pid}.${start}.${randomBytes(8).toString("hex")}${TEMP_SUFFIX}`;
}

/**
 * Creates `temp` (it must not exist) holding `data`, fdatasynced. On failure the temp file is
 * removed and the error rethrown.
 */
export async function writeTempFile(temp: string, data: Buffer): Promise<void> {
  const fd = openSync(temp, "wx", 0o600);
  let open = true;
  try {
    writeAll(fd, data);
    await syncData(fd);
    open = false;
    closeSync(fd);
  } catch (error) {
    // Closing twice could close a descriptor someone else has opened since.
    if (open) closeSync(fd);
    removeQuietly(temp);
    throw error;
  }
}

/** Removes `path` if it is there (a temp file already renamed or cleaned up is not an error). */
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, already renamed, or removed by an opener's cleanup.
  }
}

/**
 * Renames `temp` over `path` and fsyncs the directory, so the new file survives a power loss.
 * On failure `temp` is removed and `path` is untouched.
 */
export async function renameDurably(temp: string, path: string): Promise<void> {
  try {
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Replaces `path` with `data` atomically and durably: a unique temp file in the same
 * directory, fsync, rename over `path`, fsync of the directory. A crash leaves either the old
 * file or the new one, plus perhaps a temp file (removed on the next open). On failure the
 * temp file is removed and `path` is untouched.
 */
export async function replaceFile(path: string, data: Buffer): Promise<void> {
  const temp = tempPathFor(path);
  await writeTempFile(temp, data);
  await renameDurably(temp, path);
}

/**
 * Removes the temp files {@link tempPathFor} made for `path` (and for its journal and lock),
 * and the compaction temp files of processes that no longer run. Called under the lock.
 */
export function removeTempFiles(path: string): number {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    if (!isAbandonedTemp(name.slice(prefix.length, -TEMP_SUFFIX.length))) continue;
    try {
      unlinkSync(join(dir, name));
      removed++;
    } catch {
      // Gone already.
    }
  }
  return removed;
}

const RANDOM_ID = /^[0-9a-f]{16}$/;
const COMPACTION_ID = /^compact\.(\d+)\.(\d+)\.[0-9a-f]{16}$/;

/** True for the middle part of a temp name (after the data file's name) nobody still writes. */
function isAbandonedTemp(middle: string): boolean {
  const compaction = COMPACTION_ID.exec(middle);
  if (compaction) {
    const start = compaction[2] === "0" ? null : compaction[2]!;
    return !processAlive(Number(compaction[1]), start);
  }
  for (const kind of ["journal.", "lock.break.", "lock."]) {
    if (middle.startsWith(kind)) return RANDOM_ID.test(middle.slice(kind.length));
  }
  return RANDOM_ID.test(middle);
}
