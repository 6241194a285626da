import { resolve } from "node:path";
import {
  CONTRACT_VERSION,
  ConfigError,
  defineDriver,
  keyPrefixRange,
  quoteSqlIdentifier,
  type ScanPage,
  type SessionDriver,
  type StoredSession,
} from "@sessions/core";
import Database from "better-sqlite3";
import { batchedGet } from "./batched-get.js";
import { type Checkpointer, startCheckpointer } from "./checkpointer.js";
import { closedError, isBusy, storeError } from "./errors.js";
import { GroupCommit } from "./group-commit.js";
import { encodeOwner, encodeText, type GetRow, recordOfGetRow, toRecords } from "./payload.js";
import { createTableSql, dropTableSql } from "./schema.js";
import { type StatementName, statements } from "./statements.js";

/** Options of {@link sqliteDriver}. */
export interface SqliteDriverOptions {
  /**
   * A better-sqlite3 `Database` (the driver never closes it), or a file path: then the driver
   * opens the file and closes it on `close()`.
   */
  readonly database: Database.Database | string;
  /** Table name, a plain identifier (`/^[A-Za-z_][A-Za-z0-9_]{0,62}$/`). Default `"sessions"`. */
  readonly table?: string;
  /**
   * `PRAGMA synchronous` in WAL mode. `"normal"` (default) never corrupts the file, but a power
   * loss (not a process crash) may roll back the last commits; `"full"` fsyncs every commit.
   */
  readonly synchronous?: "normal" | "full";
  /** Creates the table and its indexes on first use when missing. Default `true`. */
  readonly createTableIfMissing?: boolean;
  /**
   * How long a call keeps retrying while another process holds the write lock, in ms;
   * then it rejects with `LOCK_TIMEOUT`. Default 5000.
   */
  readonly lockTimeoutMs?: number;
  /**
   * Runs WAL checkpoints on a worker thread with its own connection instead of inside the
   * commits that cross `wal_autocheckpoint`, which stop the event loop while they copy pages.
   * Default `true` on a file the driver opens, `false` on an injected handle (which keeps its
   * owner's settings); `true` with an in-memory database is a `ConfigError`.
   */
  readonly backgroundCheckpoints?: boolean;
}

/** The driver returned by {@link sqliteDriver}: a `SessionDriver` plus schema helpers. */
export interface SqliteDriver extends SessionDriver {
  /** The validated table name. */
  readonly table: string;
  /** Whether a live record is stored under `key`, read from the primary key index alone. */
  exists(key: string, now: number): Promise<boolean>;
  /** Creates the table and its indexes if missing (idempotent). */
  createSchema(): Promise<void>;
  /** Drops the table with every record in it. */
  dropSchema(): Promise<void>;
}

// Each blocking wait on a lock freezes the event loop, so keep SQLite's own wait short and
// do the long wait asynchronously between attempts.
const BUSY_TIMEOUT_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A `SessionDriver` on SQLite through better-sqlite3: WAL, writes in `BEGIN IMMEDIATE`
 * transactions, one statement per operation, busy locks retried asynchronously with a bound.
 * Several processes may share one file (`crossProcess: true`).
 */
export function sqliteDriver(options: SqliteDriverOptions): SqliteDriver {
  const tableName = options.table ?? "sessions";
  const table = quoteSqlIdentifier(tableName, "table", "sqlite");
  const synchronous = options.synchronous ?? "normal";
  if (synchronous !== "normal" && synchronous !== "full") {
    throw new ConfigError('sqlite synchronous must be "normal" or "full"');
  }
  const lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
  if (!Number.isFinite(lockTimeoutMs) || lockTimeoutMs < 0) {
    throw new ConfigError("sqlite lockTimeoutMs must be a non-negative number of milliseconds");
  }
  if (
    options.backgroundCheckpoints !== undefined &&
    typeof options.backgroundCheckpoints !== "boolean"
  ) {
    throw new ConfigError("sqlite backgroundCheckpoints must be a boolean");
  }
  const owned = typeof options.database === "string";
  let db: Database.Database;
  if (typeof options.database === "string") {
    db = new Database(options.database);
  } else if (options.database && typeof options.database.prepare === "function") {
    db = options.database;
  } else {
    throw new ConfigError("sqliteDriver needs a better-sqlite3 `database` or a file path");
  }
  const backgroundCheckpoints = options.backgroundCheckpoints ?? (owned && !db.memory);
  if (backgroundCheckpoints && db.memory) {
    if (owned) db.close();
    throw new ConfigError("sqlite backgroundCheckpoints needs a database file, not :memory:");
  }
  // Resolved now: the worker opens the file on first use, maybe after a chdir.
  const databaseFile = resolve(db.name);
  const sql = statements(table);
  const prepared = new Map<StatementName, Database.Statement>();
  const stmt = (name: StatementName): Database.Statement => {
    let statement = prepared.get(name);
    if (!statement) {
      statement = db.prepare(sql[name]);
      if (name === "get" || name === "exists") statement.raw(true);
      prepared.set(name, statement);
    }
    return statement;
  };
  // One transaction function that runs any closure, so every write is BEGIN IMMEDIATE ... COMMIT.
  const transaction = db.transaction((work: () => unknown) => work());
  let closed = false;
  let ready = false;
  let checkpointer: Checkpointer | undefined;

  const setup = (): void => {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!db.memory && db.pragma("journal_mode", { simple: true }) !== "wal") {
      db.pragma("journal_mode = WAL");
    }
    db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
    if (owned) {
      // Measured: a 64 MiB page cache and checkpoints every 10,000 WAL pages (instead of
      // 1,000) made writes ~40% faster; the WAL file grows to ~40 MB between checkpoints.
      // Only on a connection the driver opened: an injected one keeps its owner's settings.
      db.pragma("cache_size = -65536");
      db.pragma("wal_autocheckpoint = 10000");
    }
    if (options.createTableIfMissing ?? true) createTable();
    // Started once the file is in WAL mode; after dropSchema, setup runs again: one worker.
    if (backgroundCheckpoints) checkpointer ??= startCheckpointer(databaseFile);
    ready = true;
  };
  const createTable = (): void => {
    transaction.immediate(() => {
      for (const text of createTableSql(table, tableName)) db.exec(text);
    });
  };

  /** Runs `work` with bounded async retries on SQLITE_BUSY; every failure becomes typed. */
  async function run<T>(operation: string, work: () => T): Promise<T> {
    let started = 0;
    for (let attempt = 0; ; attempt++) {
      if (closed) throw closedError();
      try {
        if (!ready) setup();
        return work();
      } catch (error) {
        if (!isBusy(error)) throw storeError(operation, error);
        started ||= performance.now();
        if (performance.now() - started >= lockTimeoutMs) throw storeError(operation, error);
        await sleep(Math.random() * Math.min(2 ** attempt, 50));
      }
    }
  }
  const alone = <T>(operation: string, work: () => T): Promise<T> =>
    run(operation, () => transaction.immediate(work) as T);
  const commits = new GroupCommit({ transaction: (batch) => transaction.immediate(batch), alone });
  // Writes join the next group commit once the connection is set up.
  const write = <T>(operation: string, work: () => T): Promise<T> =>
    ready && !closed ? commits.submit(operation, work) : alone(operation, work);
  // Reads run at once; the async retry loop only when the database is busy or not set up.
  const read = <T>(operation: string, work: () => T): Promise<T> => {
    if (ready && !closed) {
      try {
        return Promise.resolve(work());
      } catch (error) {
        if (!isBusy(error)) return Promise.reject(storeError(operation, error));
      }
    }
    return run(operation, work);
  };
  const changed = (result: Database.RunResult): boolean => result.changes > 0;
  const get = batchedGet({
    one: ({ key, now }) =>
      read("get", () => {
        const row = stmt("get").get(key, now) as GetRow | undefined;
        return row ? recordOfGetRow(key, row) : null;
      }),
    many: (keys, now) => read("get", () => toRecords(stmt("getMany").all(keys, now))),
  });

  const driver: SqliteDriver = {
    contract: CONTRACT_VERSION,
    name: "sqlite",
    capabilities: { nativeTtl: false, crossProcess: true },
    table: tableName,

    get: (key, now) => get({ key, now }),

    exists: (key, now) => read("exists", () => stmt("exists").get(key, now) !== undefined),

    insert: (r, now) =>
      write("insert", () =>
        changed(
          stmt("insert").run(
            r.key,
            encodeOwner(r.owner),
            encodeText(r.payload),
            r.createdAt,
            r.expiresAt,
            r.version,
            now,
          ),
        ),
      ),

    compareAndSet: (r, expectedVersion, now) =>
      write("compareAndSet", () =>
        changed(
          r.expiresAt <= 0
            ? stmt("compareAndDelete").run(r.key, expectedVersion, now)
            : stmt("compareAndSet").run(
                encodeOwner(r.owner),
                encodeText(r.payload),
                r.createdAt,
                r.expiresAt,
                r.version,
                r.key,
                expectedVersion,
                now,
              ),
        ),
      ),

    touch: (key, expiresAt, now) =>
      write("touch", () => changed(stmt("touch").run(expiresAt, key, now))),

    delete: (key) => write("delete", () => changed(stmt("delete").run(key))),

    listByOwner: (owner, now) =>
      read("listByOwner", () => toRecords(stmt("listByOwner").all(encodeText(owner), now))),

    deleteByOwner: (owner) =>
      write("deleteByOwner", () => stmt("deleteByOwner").run(encodeText(owner)).changes),

    deleteExpired: (now, { limit, prefix } = {}) =>
      write("deleteExpired", () => {
        const max = limit ?? -1; // LIMIT -1: no limit
        if (!prefix) return stmt("deleteExpired").run(now, max).changes;
        const [low, high] = keyPrefixRange(prefix);
        return high === null
          ? stmt("deleteExpiredFrom").run(now, low, max).changes
          : stmt("deleteExpiredRange").run(now, low, high, max).changes;
      }),

    scan: ({ cursor, limit, prefix = "" }) =>
      read("scan", (): ScanPage => {
        const [low, high] = keyPrefixRange(prefix);
        // One row more than asked tells whether another page exists.
        const rows =
          high === null
            ? stmt("scanFrom").all(cursor ?? "", low, limit + 1)
            : stmt("scanRange").all(cursor ?? "", low, high, limit + 1);
        toRecords(rows);
        if (rows.length <= limit) return { records: rows as StoredSession[] };
        const records = rows.slice(0, limit) as StoredSession[];
        return { records, cursor: records.at(-1)!.key };
      }),

    count: (now, { prefix } = {}) =>
      read("count", () => {
        if (!prefix) return (stmt("count").get(now) as { n: number }).n;
        const [low, high] = keyPrefixRange(prefix);
        const row =
          high === null ? stmt("countFrom").get(now, low) : stmt("countRange").get(now, low, high);
        return (row as { n: number }).n;
      }),

    clear: () => write("clear", () => void stmt("clear").run()),

    createSchema: () => run("createSchema", createTable),

    dropSchema: () =>
      run("dropSchema", () => {
        prepared.clear();
        db.exec(dropTableSql(table));
        // The next call re-creates the table if the options say so.
        ready = false;
      }),

    async close() {
      if (closed) return;
      commits.flush(); // writes already submitted are committed, not dropped
      closed = true;
      prepared.clear();
      // Before the handle: the last connection to close checkpoints and removes the WAL.
      await checkpointer?.stop();
      if (owned) db.close();
    },
  };
  return defineDriver(driver);
}
