import {
  answerReads,
  type BatchRead,
  eachAlone,
  earliestNow,
  type KeyedRow,
  type StoredSession,
  tickBatcher,
} from "@sessions/core";
import type { ResultLike } from "./client.js";
import { encodeOwner, encodeText } from "./payload.js";
import { asRecords, changed, firstRecord, hasRows } from "./rows.js";
import type { StatementName } from "./statements.js";
import { integerArray, textArray } from "./text-array.js";

/** Sends one prepared statement of the driver's table (creating the table first if need be). */
export type Send = (name: StatementName, parameters: unknown[]) => PromiseLike<ResultLike>;

/** One `driver.insert` call: the record and the call's `now`. */
export interface BatchInsert {
  readonly record: StoredSession;
  readonly now: number;
}

// SQLSTATE deadlock_detected.
const DEADLOCK = "40P01";
// SQLSTATE classes by which one row can fail a whole statement: cardinality (21), data
// exception (22), integrity (23), program limit (54: an index row too large, say).
const ROW_FAILURE = /^(2[123]|54)/;

/**
 * What a batch statement's rejection becomes. PostgreSQL rolls a failed statement back whole,
 * so nothing of the batch was written: where the cause may be one of its rows, or a deadlock
 * (a batch, unlike one key alone, locks several rows, and can deadlock with another multi-row
 * statement: another process's batch, deleteExpired, deleteByOwner), its calls run alone and
 * each gets its own answer or error. Any other failure (an outage, a timeout) rejects them all.
 */
function aloneOnRowFailure<Item, Result>(
  items: readonly Item[],
  one: (item: Item) => PromiseLike<Result>,
) {
  return (error: unknown): Promise<(Result | Error)[]> => {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== "string" || !(code === DEADLOCK || ROW_FAILURE.test(code))) throw error;
    return eachAlone(items, one);
  };
}

/**
 * The parameters of `insertMany` for `inserts` (one array per column, then `earliest`, the
 * batch's earliest `now`), or `undefined` when they cannot share the statement.
 */
function insertColumns(inserts: readonly BatchInsert[], earliest: number): unknown[] | undefined {
  const records = inserts.map((insert) => insert.record);
  const keys = records.map((r) => r.key);
  // Two rows of one key make PostgreSQL refuse the statement (one ON CONFLICT row twice).
  if (new Set(keys).size !== keys.length) return undefined;
  const columns = [
    textArray(keys),
    textArray(records.map((r) => encodeOwner(r.owner))),
    textArray(records.map((r) => encodeText(r.payload))),
    integerArray(records.map((r) => r.createdAt)),
    integerArray(records.map((r) => r.expiresAt)),
    integerArray(records.map((r) => r.version)),
  ];
  if (columns.includes(undefined) || !Number.isSafeInteger(earliest)) return undefined;
  return [...columns, earliest];
}

// Largest get batch. Its rows carry the payloads: with 64 calls in flight, two statements of 32
// let Node decode one batch's rows while the server reads the next, where one statement of 64
// leaves each side waiting for the other (manager.get, 64 in flight: 48-50k/s against 39-41k/s,
// medians of 10 interleaved rounds, two runs). exists and delete rows are tiny and a DELETE is
// a commit each: there one statement per tick was at least as fast (tickBatcher's default, 256).
const GET_BATCH = 32;

/**
 * Runs `name` once for the keys of all `reads` at their earliest `now` (core's `earliestNow`),
 * then gives each read the row of its key only if that row is live at the read's own `now`
 * (`answerReads`; reads repeating a key each get an object of their own). `undefined` when
 * the reads cannot share a statement (a key TEXT cannot hold exactly, a `now` that is no
 * int8): they then run alone.
 */
function liveRows<Row extends KeyedRow>(
  send: Send,
  name: StatementName,
  reads: readonly BatchRead[],
  rowsOf: (rows: ResultLike) => readonly Row[],
): PromiseLike<(Row | undefined)[]> | undefined {
  if (!reads.every(({ now }) => Number.isSafeInteger(now))) return undefined;
  const keys = textArray(reads.map((read) => read.key));
  if (keys === undefined) return undefined;
  return send(name, [keys, earliestNow(reads)]).then((rows) => answerReads(reads, rowsOf(rows)));
}

const expiryRows = (rows: ResultLike) => rows as unknown as readonly KeyedRow[];

/**
 * `get`, `exists`, `delete` and `insert` batched per tick (`tickBatcher` of `@sessions/core`):
 * the calls made within one tick share one statement (`key = ANY($1::text[])`, or one array
 * per column for an insert), each getting exactly the answer it would get alone; a lone call
 * runs the single-key statement.
 */
export function tickBatches(send: Send) {
  const getOne = (read: BatchRead) => send("get", [read.key, read.now]).then(firstRecord);
  const existsOne = (read: BatchRead) => send("exists", [read.key, read.now]).then(hasRows);
  const deleteOne = (key: string) => send("delete", [key]).then(changed);
  const insertOne = ({ record: r, now }: BatchInsert) =>
    send("insert", [
      r.key,
      encodeOwner(r.owner),
      encodeText(r.payload),
      r.createdAt,
      r.expiresAt,
      r.version,
      now,
    ]).then(changed);

  return {
    /** `driver.get` of one tick: one SELECT for all keys. */
    get: tickBatcher<BatchRead, StoredSession | null>({
      maxBatch: GET_BATCH,
      one: getOne,
      many: (reads) =>
        liveRows(send, "getMany", reads, asRecords)?.then((records) =>
          records.map((record) => record ?? null),
        ) ?? eachAlone(reads, getOne),
    }),

    /** `driver.exists` of one tick: one SELECT of keys and deadlines, no payload. */
    exists: tickBatcher<BatchRead, boolean>({
      one: existsOne,
      many: (reads) =>
        liveRows(send, "existsMany", reads, expiryRows)?.then((rows) =>
          rows.map((row) => row !== undefined),
        ) ?? eachAlone(reads, existsOne),
    }),

    /** `driver.delete` of one tick: one DELETE … RETURNING key. */
    delete: tickBatcher<string, boolean>({
      one: deleteOne,
      many: (keys) => {
        const literal = textArray(keys);
        if (literal === undefined) return eachAlone(keys, deleteOne);
        return send("deleteMany", [literal]).then(
          (rows) => {
            const removed = new Set<string>();
            for (const row of rows) removed.add(row.key as string);
            // Set#delete is true once per key: of the calls repeating a key, the first
            // removed the row and the others find none, as if each had run alone after it.
            return keys.map((key) => removed.delete(key));
          },
          aloneOnRowFailure(keys, deleteOne),
        );
      },
    }),

    /**
     * `driver.insert` of one tick: one INSERT … SELECT FROM unnest(…) ON CONFLICT … RETURNING
     * key. Its conflict branch replaces a dead record at the batch's earliest `now`: a record
     * dead then is dead at every later `now`, so every key returned was written exactly as
     * alone. A key not returned met a record live at the earliest `now`; a call with that
     * `now` gets `false` as alone, a call with a later one runs alone with its own.
     */
    insert: tickBatcher<BatchInsert, boolean>({
      one: insertOne,
      many: (inserts) => {
        const earliest = earliestNow(inserts);
        const parameters = insertColumns(inserts, earliest);
        if (parameters === undefined) return eachAlone(inserts, insertOne);
        return send("insertMany", parameters).then(
          (rows) => {
            const written = new Set<string>();
            for (const row of rows) written.add(row.key as string);
            return Promise.all(
              inserts.map((insert) =>
                written.has(insert.record.key)
                  ? true
                  : insert.now === earliest
                    ? false
                    : eachAlone([insert], insertOne).then(([answer]) => answer!),
              ),
            );
          },
          aloneOnRowFailure(inserts, insertOne),
        );
      },
    }),
  };
}
