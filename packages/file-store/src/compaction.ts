import { closeSync, openSync, renameSync, unlinkSync } from "node:fs";
import { dirname } from "node:path";
import type { StoredSession } from "@sessions/core";
import type { FileCodec } from "./codec.js";
import { replaceFile, syncData, syncDirectory, tempPathFor } from "./files.js";
import type { RecordTable } from "./record-table.js";

/** What {@link compact} needs: the two paths, the format and the up-to-date table. */
export interface CompactionInput {
  readonly path: string;
  readonly journalPath: string;
  readonly codec: FileCodec;
  readonly table: RecordTable;
}

/**
 * Writes the table as the new readable file, then starts an empty journal; the caller holds
 * the lock. Order is what makes a crash harmless: the snapshot (temp, fsync, rename, fsync
 * dir) is durable before the old journal is replaced, and a snapshot paired with the journal
 * it already contains replays to the same state. Records are written sorted by key so the
 * file diffs well. Resolves with the new journal's descriptor and the snapshot's size.
 */
export async function compact(
  input: CompactionInput,
): Promise<{ fd: number; snapshotBytes: number }> {
  const { table } = input;
  const records: StoredSession[] = table.sortedKeys().map((key) => table.get(key)!);
  const snapshot = Buffer.from(input.codec.encode(records), "utf8");
  await replaceFile(input.path, snapshot);

  const temp = tempPathFor(input.journalPath);
  const fd = openSync(temp, "wx+", 0o600);
  try {
    await syncData(fd);
    renameSync(temp, input.journalPath);
    await syncDirectory(dirname(input.journalPath));
  } catch (error) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed.
    }
    throw error;
  }
  return { fd, snapshotBytes: snapshot.length };
}
