import type { StoredSession } from "@sessions/core";

/**
 * The records of one file in memory: a Map plus an owner index, and the keys in sorted order
 * for scans (rebuilt only after a key is added or removed). Every read of the driver is
 * answered from here; the store keeps it equal to snapshot + journal.
 */
export class RecordTable {
  readonly #records = new Map<string, StoredSession>();
  readonly #owners = new Map<string, Set<string>>();
  #sorted: string[] | null = null;

  /** Number of stored records, dead ones included. */
  get size(): number {
    return this.#records.size;
  }

  /** The stored record of `key`, dead or alive. */
  get(key: string): StoredSession | undefined {
    return this.#records.get(key);
  }

  /** Every stored record, in no particular order. */
  values(): IterableIterator<StoredSession> {
    return this.#records.values();
  }

  /** Keys of the records stored under `owner`. */
  keysOf(owner: string): ReadonlySet<string> {
    return this.#owners.get(owner) ?? new Set();
  }

  /** Every key in ascending code unit order (the order scans page in). */
  sortedKeys(): readonly string[] {
    this.#sorted ??= [...this.#records.keys()].sort();
    return this.#sorted;
  }

  /** Stores `record` under its key, replacing what was there. */
  put(record: StoredSession): void {
    const previous = this.#records.get(record.key);
    this.#records.set(record.key, record);
    if (previous === undefined) {
      this.#sorted = null;
      this.#index(record);
    } else if (previous.owner !== record.owner) {
      this.#unindex(previous);
      this.#index(record);
    }
  }

  /** Removes `key`; `true` when something was removed. */
  delete(key: string): boolean {
    const previous = this.#records.get(key);
    if (previous === undefined) return false;
    this.#unindex(previous);
    this.#records.delete(key);
    this.#sorted = null;
    return true;
  }

  /** Removes every record. */
  clear(): void {
    this.#records.clear();
    this.#owners.clear();
    this.#sorted = null;
  }

  #index(record: StoredSession): void {
    if (record.owner === null) return;
    const keys = this.#owners.get(record.owner);
    if (keys) keys.add(record.key);
    else this.#owners.set(record.owner, new Set([record.key]));
  }

  #unindex(record: StoredSession): void {
    if (record.owner === null) return;
    const keys = this.#owners.get(record.owner);
    if (!keys) return;
    keys.delete(record.key);
    if (keys.size === 0) this.#owners.delete(record.owner);
  }
}
