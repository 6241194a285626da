import type { StoredSession } from "@sessions/core";
import { copyRecord } from "./codec.js";
import type { DiskState } from "./disk-state.js";
import type { PendingWrite } from "./group-commit.js";
import { encodeEntry, type JournalEntry } from "./journal.js";
import type { RecordTable } from "./record-table.js";

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

/** How one write of a batch ended: its result, or what it threw. */
export type Outcome = { readonly ok: boolean; readonly value: unknown };

/**
 * Under the lock: runs the writes of `batch` in order on the fresh table, then appends their
 * journal entries and fdatasyncs once. A write that throws fails alone (its outcome says so);
 * a failed append rejects, and no write of the batch is acknowledged.
 */
export async function applyBatch(
  state: DiskState,
  batch: readonly PendingWrite<Write>[],
): Promise<Outcome[]> {
  const table = state.refresh(true);
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
  await state.append(Buffer.from(entries.map(encodeEntry).join(""), "utf8"), entries.length);
  return outcomes;
}
