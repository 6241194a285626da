import { resolve } from "node:path";
import {
  CONTRACT_VERSION,
  ConfigError,
  defineDriver,
  type SessionDriver,
  type StoredSession,
  scanSortedKeys,
} from "@sessions/core";
import type { FileCodec } from "./codec.js";
import { closedError } from "./errors.js";
import { FileStore } from "./file-store.js";
import type { RecordTable } from "./record-table.js";
import type { Transaction } from "./write-batch.js";

/** Options shared by every file driver (`jsonDriver`, `csvDriver`). */
export interface FileDriverOptions {
  /**
   * The readable data file. Beside it live `<path>.journal` (recent writes, folded into the
   * file by compaction), `<path>.lock` while a write runs, and short-lived `<path>.*.tmp`.
   */
  readonly path: string;
  /**
   * How long a call waits for another process holding the file lock before it rejects with
   * `LOCK_TIMEOUT`, in ms. Default 5000.
   */
  readonly lockTimeoutMs?: number;
  /**
   * Age after which a lock whose holder cannot be checked (written from another host, or
   * unreadable) is considered abandoned, in ms. A lock of a dead local process is taken over
   * at once regardless. Default 10000.
   */
  readonly staleLockMs?: number;
  /**
   * The journal is compacted into the readable file once it is larger than both this many
   * bytes and the readable file itself (so compaction costs O(1) per write, amortized).
   * Default 1 MiB.
   */
  readonly compactBytes?: number;
}

/** A file driver: a `SessionDriver` plus an explicit compaction. */
export interface FileDriver extends SessionDriver {
  /** Absolute path of the readable file. */
  readonly path: string;
  /**
   * Folds the journal into the readable file now, e.g. before copying the file as a backup
   * (a copy of the file alone, taken while drivers run, may miss the journal's writes).
   */
  compact(): Promise<void>;
}

const live = (record: StoredSession | undefined, now: number): record is StoredSession =>
  record !== undefined && record.expiresAt > now;

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative number`);
  }
  return value;
}

/**
 * A `SessionDriver` on one readable file in the format of `codec`, shared safely by several
 * processes (`crossProcess: true`): each write runs under a cross-process file lock on fresh
 * state, is appended to a journal and acknowledged after fdatasync (concurrent writes share
 * one lock, append and fsync), and the journal is compacted into the readable file atomically
 * (temp file, fsync, rename, directory fsync), holding the lock only to capture the state and
 * to install the file, never while encoding. A corrupt file (or one that is not UTF-8) fails
 * closed with `CORRUPT_RECORD`; a full disk rejects with `DISK_FULL` and leaves the previous
 * state intact.
 */
export function createFileDriver(
  options: FileDriverOptions & { readonly codec: FileCodec },
): FileDriver {
  const { codec } = options;
  if (typeof options.path !== "string" || options.path.length === 0) {
    throw new ConfigError("a file driver needs a `path`");
  }
  if (!codec || typeof codec.encode !== "function" || typeof codec.decode !== "function") {
    throw new ConfigError("a file driver needs a `codec` with encode and decode");
  }
  const name = codec.format;
  const path = resolve(options.path);
  const store = new FileStore({
    path,
    codec,
    lockTimeoutMs: positive(options.lockTimeoutMs, 5_000, `${name} lockTimeoutMs`),
    staleLockMs: positive(options.staleLockMs, 10_000, `${name} staleLockMs`),
    compactBytes: positive(options.compactBytes, 1 << 20, `${name} compactBytes`),
  });
  let closing: Promise<void> | null = null;

  const read = async <T>(operation: string, work: (table: RecordTable) => T): Promise<T> => {
    if (closing) throw closedError(name);
    return work(await store.read(operation));
  };
  const write = async <T>(work: (tx: Transaction) => T): Promise<T> => {
    if (closing) throw closedError(name);
    return store.write(work);
  };

  return defineDriver<FileDriver>({
    contract: CONTRACT_VERSION,
    name,
    capabilities: { nativeTtl: false, crossProcess: true },
    path,

    get: (key, now) =>
      read("get", (table) => {
        const record = table.get(key);
        return live(record, now) ? record : null;
      }),

    exists: (key, now) => read("exists", (table) => live(table.get(key), now)),

    insert: (record, now) =>
      write((tx) => {
        if (live(tx.table.get(record.key), now)) return false;
        tx.put(record);
        return true;
      }),

    compareAndSet: (record, expectedVersion, now) =>
      write((tx) => {
        const current = tx.table.get(record.key);
        if (!live(current, now) || current.version !== expectedVersion) return false;
        if (record.expiresAt <= 0) tx.delete([record.key]);
        else tx.put(record);
        return true;
      }),

    touch: (key, expiresAt, now) =>
      write((tx) => {
        const current = tx.table.get(key);
        if (!live(current, now)) return false;
        tx.put({ ...current, expiresAt });
        return true;
      }),

    delete: (key) =>
      write((tx) => {
        if (tx.table.get(key) === undefined) return false;
        tx.delete([key]);
        return true;
      }),

    listByOwner: (owner, now) =>
      read("listByOwner", (table) => {
        const result: StoredSession[] = [];
        for (const key of table.keysOf(owner)) {
          const record = table.get(key);
          if (live(record, now)) result.push(record);
        }
        return result;
      }),

    deleteByOwner: (owner) =>
      write((tx) => {
        const keys = [...tx.table.keysOf(owner)];
        tx.delete(keys);
        return keys.length;
      }),

    deleteExpired: (now, { limit = Number.POSITIVE_INFINITY, prefix = "" } = {}) =>
      write((tx) => {
        const doomed: string[] = [];
        for (const record of tx.table.values()) {
          if (doomed.length >= limit) break;
          if (record.expiresAt <= now && record.key.startsWith(prefix)) doomed.push(record.key);
        }
        tx.delete(doomed);
        return doomed.length;
      }),

    scan: ({ cursor, limit, prefix = "" }) =>
      read("scan", (table) =>
        scanSortedKeys(table.sortedKeys(), (key) => table.get(key), { cursor, limit, prefix }),
      ),

    count: (now, { prefix = "" } = {}) =>
      read("count", (table) => {
        let total = 0;
        for (const record of table.values()) {
          if (record.expiresAt > now && record.key.startsWith(prefix)) total++;
        }
        return total;
      }),

    clear: () =>
      write((tx) => {
        tx.clear();
      }),

    compact: async () => {
      if (closing) throw closedError(name);
      await store.compact();
    },

    close: () => {
      closing ??= store.close();
      return closing;
    },
  });
}
