/**
 * The driver contract: drivers store records; they never decide policy. Everything here is
 * checked by `@sessions/test-suite`.
 */

/** The contract version this core speaks. Drivers declare it as `contract: 1`. */
export const CONTRACT_VERSION = 1 as const;

/** One stored session record, exactly as a driver keeps it. */
export interface StoredSession {
  /** Lookup key: core's digest of the session token (never the raw token), app-prefixed. */
  readonly key: string;
  /** Owner key as core gives it (app-prefixed, possibly ciphertext), or `null`. */
  readonly owner: string | null;
  /** Opaque string encoded by core; must round-trip byte for byte. */
  readonly payload: string;
  /** Creation time, epoch milliseconds. */
  readonly createdAt: number;
  /** Absolute deadline, epoch milliseconds: the record is dead at or after it. */
  readonly expiresAt: number;
  /** 1 on create, +1 on every write by core. */
  readonly version: number;
}

/** What a backend can do natively; the conformance suite adapts its checks to these flags. */
export interface DriverCapabilities {
  /** The backend evicts expired records by itself (Redis TTL, Mongo TTL index). */
  readonly nativeTtl: boolean;
  /** Several processes may share the backend safely (atomic operations across processes). */
  readonly crossProcess: boolean;
}

/** Options of {@link SessionDriver.scan}. */
export interface ScanOptions {
  /** Opaque cursor returned by the previous page; omit for the first page. */
  readonly cursor?: string;
  /** Maximum number of records in this page (a page may hold fewer). */
  readonly limit: number;
  /** Only keys starting with this string. */
  readonly prefix?: string;
}

/** One page of {@link SessionDriver.scan}; no `cursor` means the scan is complete. */
export interface ScanPage {
  readonly records: StoredSession[];
  readonly cursor?: string;
}

/** Options of {@link SessionDriver.deleteExpired}. */
export interface DeleteExpiredOptions {
  /** Remove at most this many records in this call (one batch). */
  readonly limit?: number;
  /** Only keys starting with this string. */
  readonly prefix?: string;
}

/**
 * A storage driver. All times are epoch milliseconds passed in by core: a driver never reads
 * the clock. Failures are thrown as `SessionStoreError`; a lost race is a return value.
 */
export interface SessionDriver {
  /** Contract version; must be {@link CONTRACT_VERSION}. */
  readonly contract: typeof CONTRACT_VERSION;
  /** Short name used in errors, e.g. `"redis"`. */
  readonly name: string;
  /** What the backend does natively. */
  readonly capabilities: DriverCapabilities;
  /** The record, or `null` when it is missing or dead (`expiresAt <= now`). */
  get(key: string, now: number): Promise<StoredSession | null>;
  /**
   * Optional: `true` when a live record (`expiresAt > now`) is stored under `key`, exactly
   * when `get` would return one, without reading the payload. Core uses it where only the
   * record's existence matters (`touch(session)` with no deadline to move) and falls back to
   * `get` for a driver without it.
   */
  exists?(key: string, now: number): Promise<boolean>;
  /**
   * Stores a new record; `false` (and no change) when a live record holds the key. A dead
   * record (`expiresAt <= now`) still stored under the key is replaced.
   */
  insert(record: StoredSession, now: number): Promise<boolean>;
  /**
   * Replaces the record with `record` (all fields, including its new `version`) only when the
   * stored record is live (`expiresAt > now`) and its version equals `expectedVersion`;
   * `false` otherwise (missing, dead, other version), so a write never revives a dead record.
   * A `record` whose `expiresAt` is 0 makes this a conditional delete: on a match the record
   * is removed (and `delete` of that key then returns `false`).
   */
  compareAndSet(record: StoredSession, expectedVersion: number, now: number): Promise<boolean>;
  /** Sets `expiresAt` of a live record; never creates, never revives a dead one. */
  touch(key: string, expiresAt: number, now: number): Promise<boolean>;
  /** Removes the record; `true` when something was removed. */
  delete(key: string): Promise<boolean>;
  /** Live records of this owner (any order). */
  listByOwner(owner: string, now: number): Promise<StoredSession[]>;
  /** Removes every record of this owner; resolves with how many were removed. */
  deleteByOwner(owner: string): Promise<number>;
  /** Removes records with `expiresAt <= now` (at most `limit`); resolves with how many. */
  deleteExpired(now: number, options?: DeleteExpiredOptions): Promise<number>;
  /**
   * Pages through stored records, dead ones possibly included. Every record present for the
   * whole scan appears exactly once.
   */
  scan(options: ScanOptions): Promise<ScanPage>;
  /** Number of live records (with the key prefix, when given). */
  count(now: number, options?: { readonly prefix?: string }): Promise<number>;
  /** Removes every record of this driver's namespace, and only those. */
  clear(): Promise<void>;
  /** Releases what the driver opened; idempotent. Later calls reject with a `CLOSED` error. */
  close(): Promise<void>;
}

const DRIVER_METHODS = [
  "get",
  "insert",
  "compareAndSet",
  "touch",
  "delete",
  "listByOwner",
  "deleteByOwner",
  "deleteExpired",
  "scan",
  "count",
  "clear",
  "close",
] as const satisfies readonly (keyof SessionDriver)[];

/** Names of the methods every driver implements. */
export const driverMethods: readonly (keyof SessionDriver)[] = DRIVER_METHODS;

/** Names of the methods a driver may implement; when present, each must be a function. */
export const optionalDriverMethods: readonly (keyof SessionDriver)[] = ["exists"];
