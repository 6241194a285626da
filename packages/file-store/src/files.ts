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
 * Replaces `path` with `data` atomically and durably: a unique temp file in the same
 * directory, fsync, rename over `path`, fsync of the directory. A crash leaves either the old
 * file or the new one, plus perhaps a temp file (removed on the next open). On failure the
 * temp file is removed and `path` is untouched.
 */
export async function replaceFile(path: string, data: Buffer): Promise<void> {
  const temp = tempPathFor(path);
  const fd = openSync(temp, "wx", 0o600);
  let open = true;
  try {
    writeAll(fd, data);
    await syncData(fd);
    open = false;
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    // Closing twice could close a descriptor someone else has opened since.
    if (open) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Never created or already renamed.
    }
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Removes the temp files {@link tempPathFor} made for `path` (and for its journal). */
export function removeTempFiles(path: string): number {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    if (!/^[0-9a-f]{16}$/.test(tempIdOf(name, prefix))) continue;
    try {
      unlinkSync(join(dir, name));
      removed++;
    } catch {
      // Gone already.
    }
  }
  return removed;
}

/** The random part of a temp name, after the data file's name (and `journal.` etc., if any). */
function tempIdOf(name: string, prefix: string): string {
  const middle = name.slice(prefix.length, -TEMP_SUFFIX.length);
  for (const kind of ["journal.", "lock.", "lock.break."]) {
    if (middle.startsWith(kind)) return middle.slice(kind.length);
  }
  return middle;
}
