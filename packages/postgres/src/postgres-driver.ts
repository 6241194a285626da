import {
  CONTRACT_VERSION,
  ConfigError,
  defineDriver,
  keyPrefixRange,
  quoteSqlIdentifier,
  type ScanPage,
  type SessionDriver,
} from "@sessions/core";
import postgres from "postgres";
import { tickBatches } from "./batches.js";
import type { PostgresSqlLike, ResultLike } from "./client.js";
import { Deadlines } from "./deadlines.js";
import { closedError, storeError, timeoutError } from "./errors.js";
import { encodeOwner, encodeText } from "./payload.js";
import { asRecords, changed } from "./rows.js";
import { createTableSql, dropTableSql } from "./schema.js";
import { type StatementName, statements } from "./statements.js";

// SQLSTATEs a concurrent CREATE … IF NOT EXISTS can raise: unique_violation, duplicate_table,
// duplicate_object.
const DUPLICATE_CODES = new Set(["23505", "42P07", "42710"]);
const DDL_ATTEMPTS = 5;

/** Options of {@link postgresDriver}: a postgres.js `sql`, or a URL (then the driver owns it). */
export type PostgresDriverOptions = (
  | {
      /** A postgres.js instance (`postgres(url)`); the driver never ends it. */
      readonly sql: PostgresSqlLike;
      readonly url?: never;
    }
  | {
      /**
       * `postgres://` URL: the driver opens one connection (`max: 1`: postgres.js pipelines
       * queries, which beat a pool here) and ends it on `close()`.
       */
      readonly url: string;
      readonly sql?: never;
    }
) & {
  /** Table name, a plain identifier (`/^[A-Za-z_][A-Za-z0-9_]{0,62}$/`). Default `"sessions"`. */
  readonly table?: string;
  /** Schema name, a plain identifier. Default `"public"`. */
  readonly schema?: string;
  /** Creates the schema, table and indexes on first use when missing. Default `true`. */
  readonly createTableIfMissing?: boolean;
  /** Deadline of each driver call in ms; past it the call rejects with `TIMEOUT`. Default 5000. */
  readonly timeoutMs?: number;
  /** Connections of an owned client (`{ url }`). Default 1. */
  readonly max?: number;
};

/** The driver returned by {@link postgresDriver}: a `SessionDriver` plus schema helpers. */
export interface PostgresDriver extends SessionDriver {
  /** The validated schema-qualified table name, quoted (`"public"."sessions"`). */
  readonly table: string;
  /** Whether a live record is stored under `key`; no payload is read. */
  exists(key: string, now: number): Promise<boolean>;
  /** Creates the schema (unless `public`), the table and its indexes if missing (idempotent). */
  createSchema(): Promise<void>;
  /** Drops the table with every record in it (the schema stays). */
  dropSchema(): Promise<void>;
}

const PREPARED = { prepare: true } as const;

/** Resolves after the callbacks already queued with `process.nextTick` (the tick's batches). */
const afterQueuedTicks = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

/**
 * A `SessionDriver` on PostgreSQL through postgres.js: one parameterized statement per
 * operation with its condition inside it (no reserved connection, no read-then-write), prepared
 * statements, a deadline per call, typed errors while the server is away. The `get`, `exists`
 * and `delete` calls made within one tick share one statement (see `batches.ts`).
 */
export function postgresDriver(options: PostgresDriverOptions): PostgresDriver {
  const tableName = options.table ?? "sessions";
  const table = quoteSqlIdentifier(tableName, "table", "postgres");
  const schema = quoteSqlIdentifier(options.schema ?? "public", "schema", "postgres");
  const qualified = `${schema}.${table}`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigError("postgres timeoutMs must be a positive number of milliseconds");
  }
  let sql: PostgresSqlLike;
  const owned = options.sql === undefined;
  if (options.sql !== undefined && typeof options.sql.unsafe === "function") {
    sql = options.sql;
  } else if (typeof options.url === "string") {
    sql = postgres(options.url, {
      max: options.max ?? 1,
      // Seconds. Bounds how long a call waits for a server that is down.
      connect_timeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
      onnotice: () => {},
    }) as unknown as PostgresSqlLike;
  } else {
    throw new ConfigError("postgresDriver needs a postgres.js `sql` or a `url`");
  }
  const text = statements(qualified);
  let closed = false;
  let closing: Promise<void> | undefined;
  let ready: Promise<void> | undefined;
  let readyDone = !(options.createTableIfMissing ?? true);

  const createTable = async (): Promise<void> => {
    for (const ddl of createTableSql(schema, qualified, tableName)) {
      for (let attempt = 1; ; attempt++) {
        try {
          await sql.unsafe(ddl);
          break;
        } catch (error) {
          // Connections creating the same table at once: IF NOT EXISTS does not cover the
          // race on the catalog, so the loser gets a duplicate error (23505 on pg_type, 42P07,
          // 42710) once the winner commits. Run the statement again: it is now a no-op, and a
          // real name clash still surfaces after a few tries.
          const code = (error as { code?: unknown }).code;
          if (attempt >= DDL_ATTEMPTS || !DUPLICATE_CODES.has(code as string)) throw error;
        }
      }
    }
  };
  const ensure = (): Promise<void> => {
    ready ??= createTable().then(
      () => {
        readyDone = true;
      },
      (error: unknown) => {
        ready = undefined; // retry on the next call
        throw error;
      },
    );
    return ready;
  };

  const deadlines = new Deadlines(
    timeoutMs,
    (operation) => timeoutError(operation, timeoutMs),
    storeError,
  );
  /**
   * Sends one prepared statement, once the table is there. An async function on purpose: its
   * promise adopts postgres.js's query (a Promise subclass) instead of callers chaining
   * `.then` on the query itself, which measured 18-26 µs slower per sequential call (README,
   * "Each statement's promise is a native one").
   */
  const send = async (name: StatementName, parameters: unknown[]): Promise<ResultLike> => {
    if (!readyDone) await ensure();
    return sql.unsafe(text[name], parameters, PREPARED);
  };
  /** Runs one prepared statement under the call deadline; every failure becomes a typed error. */
  const run = (
    operation: string,
    name: StatementName,
    parameters: unknown[],
  ): Promise<ResultLike> => {
    if (closed) return Promise.reject(closedError());
    return deadlines.bound(operation, send(name, parameters));
  };
  const batches = tickBatches(send);

  const driver: PostgresDriver = {
    contract: CONTRACT_VERSION,
    name: "postgres",
    capabilities: { nativeTtl: false, crossProcess: true },
    table: qualified,

    // Batched per tick; the deadline bounds each call, wherever its batch is.
    get: (key, now) =>
      closed ? Promise.reject(closedError()) : deadlines.bound("get", batches.get({ key, now })),

    exists: (key, now) =>
      closed
        ? Promise.reject(closedError())
        : deadlines.bound("exists", batches.exists({ key, now })),

    insert: (record, now) =>
      closed
        ? Promise.reject(closedError())
        : deadlines.bound("insert", batches.insert({ record, now })),

    compareAndSet: async (r, expectedVersion, now) =>
      changed(
        r.expiresAt <= 0
          ? await run("compareAndSet", "compareAndDelete", [r.key, expectedVersion, now])
          : await run("compareAndSet", "compareAndSet", [
              encodeOwner(r.owner),
              encodeText(r.payload),
              r.createdAt,
              r.expiresAt,
              r.version,
              r.key,
              expectedVersion,
              now,
            ]),
      ),

    touch: async (key, expiresAt, now) =>
      changed(await run("touch", "touch", [expiresAt, key, now])),

    delete: (key) =>
      closed ? Promise.reject(closedError()) : deadlines.bound("delete", batches.delete(key)),

    listByOwner: async (owner, now) =>
      asRecords(await run("listByOwner", "listByOwner", [encodeText(owner), now])),

    deleteByOwner: async (owner) =>
      (await run("deleteByOwner", "deleteByOwner", [encodeText(owner)])).count,

    async deleteExpired(now, { limit, prefix } = {}) {
      const max = limit ?? null;
      if (!prefix) return (await run("deleteExpired", "deleteExpired", [now, max])).count;
      const [low, high] = keyPrefixRange(prefix);
      const rows =
        high === null
          ? await run("deleteExpired", "deleteExpiredFrom", [now, low, max])
          : await run("deleteExpired", "deleteExpiredRange", [now, low, high, max]);
      return rows.count;
    },

    async scan({ cursor, limit, prefix = "" }): Promise<ScanPage> {
      const [low, high] = keyPrefixRange(prefix);
      // One row more than asked tells whether another page exists.
      const rows = asRecords(
        high === null
          ? await run("scan", "scanFrom", [cursor ?? "", low, limit + 1])
          : await run("scan", "scanRange", [cursor ?? "", low, high, limit + 1]),
      );
      if (rows.length <= limit) return { records: rows };
      const records = rows.slice(0, limit);
      return { records, cursor: records.at(-1)!.key };
    },

    async count(now, { prefix } = {}) {
      let rows: ResultLike;
      if (!prefix) rows = await run("count", "count", [now]);
      else {
        const [low, high] = keyPrefixRange(prefix);
        rows =
          high === null
            ? await run("count", "countFrom", [now, low])
            : await run("count", "countRange", [now, low, high]);
      }
      return rows[0]!.n as number;
    },

    async clear() {
      await run("clear", "clear", []);
    },

    async createSchema() {
      if (closed) throw closedError();
      await deadlines.bound("createSchema", createTable());
      readyDone = true;
    },

    async dropSchema() {
      if (closed) throw closedError();
      await deadlines.bound("dropSchema", sql.unsafe(dropTableSql(qualified)));
      ready = undefined;
      readyDone = !(options.createTableIfMissing ?? true);
    },

    close() {
      closed = true;
      // Owned connections get a bounded graceful end, then are destroyed.
      // Calls accepted before close() but still in this tick's batches are sent first.
      closing ??= owned
        ? afterQueuedTicks()
            .then(() => sql.end({ timeout: 2 }))
            .catch(() => {})
        : Promise.resolve();
      return closing;
    },
  };
  return defineDriver(driver);
}
