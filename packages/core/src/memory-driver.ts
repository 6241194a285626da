import type { ScanPage, SessionDriver, StoredSession } from "./contract.js";
import { CONTRACT_VERSION } from "./contract.js";
import { defineDriver } from "./define-driver.js";
import { SessionStoreError } from "./errors.js";
import { scanSortedKeys } from "./scan-sorted.js";

/**
 * An in-process driver: a Map plus an owner index. For tests, development and single-process
 * apps; records vanish with the process (`crossProcess: false`). Each call of
 * `memoryDriver()` is its own namespace.
 */
export function memoryDriver(): SessionDriver {
  const records = new Map<string, StoredSession>();
  const owners = new Map<string, Set<string>>();
  // Scans page through keys in sorted order; the sorted array is rebuilt only after changes.
  let sortedKeys: string[] | null = null;
  let closed = false;

  const open = (): void => {
    if (closed) throw new SessionStoreError("memory", "driver is closed", { code: "CLOSED" });
  };
  const live = (record: StoredSession | undefined, now: number): record is StoredSession =>
    record !== undefined && record.expiresAt > now;

  const indexOwner = (record: StoredSession): void => {
    if (record.owner === null) return;
    const keys = owners.get(record.owner);
    if (keys) keys.add(record.key);
    else owners.set(record.owner, new Set([record.key]));
  };
  const unindexOwner = (record: StoredSession): void => {
    if (record.owner === null) return;
    const keys = owners.get(record.owner);
    if (!keys) return;
    keys.delete(record.key);
    if (keys.size === 0) owners.delete(record.owner);
  };
  const put = (record: StoredSession): void => {
    const previous = records.get(record.key);
    // Copy: the caller keeps its object, and may not mutate what we store.
    const stored = { ...record };
    records.set(record.key, stored);
    if (previous === undefined) {
      sortedKeys = null;
      indexOwner(stored);
    } else if (previous.owner !== stored.owner) {
      unindexOwner(previous);
      indexOwner(stored);
    }
  };
  const remove = (key: string): boolean => {
    const previous = records.get(key);
    if (!previous) return false;
    unindexOwner(previous);
    records.delete(key);
    sortedKeys = null;
    return true;
  };

  return defineDriver({
    contract: CONTRACT_VERSION,
    name: "memory",
    capabilities: { nativeTtl: false, crossProcess: false },

    async get(key, now) {
      open();
      const record = records.get(key);
      return live(record, now) ? record : null;
    },

    async exists(key, now) {
      open();
      return live(records.get(key), now);
    },

    async insert(record, now) {
      open();
      if (live(records.get(record.key), now)) return false;
      put(record);
      return true;
    },

    async compareAndSet(record, expectedVersion, now) {
      open();
      const current = records.get(record.key);
      if (!live(current, now) || current.version !== expectedVersion) return false;
      if (record.expiresAt <= 0) remove(record.key);
      else put(record);
      return true;
    },

    async touch(key, expiresAt, now) {
      open();
      const current = records.get(key);
      if (!live(current, now)) return false;
      records.set(key, { ...current, expiresAt });
      return true;
    },

    async delete(key) {
      open();
      return remove(key);
    },

    async listByOwner(owner, now) {
      open();
      const result: StoredSession[] = [];
      for (const key of owners.get(owner) ?? []) {
        const record = records.get(key);
        if (live(record, now)) result.push(record);
      }
      return result;
    },

    async deleteByOwner(owner) {
      open();
      const keys = [...(owners.get(owner) ?? [])];
      for (const key of keys) remove(key);
      return keys.length;
    },

    async deleteExpired(now, options = {}) {
      open();
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const prefix = options.prefix ?? "";
      const doomed: string[] = [];
      for (const record of records.values()) {
        if (doomed.length >= limit) break;
        if (record.expiresAt <= now && record.key.startsWith(prefix)) doomed.push(record.key);
      }
      for (const key of doomed) remove(key);
      return doomed.length;
    },

    async scan({ cursor, limit, prefix = "" }): Promise<ScanPage> {
      open();
      sortedKeys ??= [...records.keys()].sort();
      return scanSortedKeys(sortedKeys, (key) => records.get(key), { cursor, limit, prefix });
    },

    async count(now, options = {}) {
      open();
      const prefix = options.prefix ?? "";
      let total = 0;
      for (const record of records.values()) {
        if (record.expiresAt > now && record.key.startsWith(prefix)) total++;
      }
      return total;
    },

    async clear() {
      open();
      records.clear();
      owners.clear();
      sortedKeys = null;
    },

    async close() {
      closed = true;
    },
  });
}
