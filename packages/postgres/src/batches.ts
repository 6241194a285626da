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
import { asRecords, changed, firstRecord, hasRows } from "./rows.js";
import type { StatementName } from "./statements.js";
import { textArray } from "./text-array.js";

/** Sends one prepared statement of the driver's table (creating the table first if need be). */
export type Send = (name: StatementName, parameters: unknown[]) => PromiseLike<ResultLike>;

// SQLSTATE deadlock_detected.
const DEADLOCK = "40P01";

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
 * `get`, `exists` and `delete` batched per tick (`tickBatcher` of `@sessions/core`): the calls
 * made within one tick share one statement (`key = ANY($1::text[])`), each getting exactly
 * the answer it would get alone; a lone call runs the single-key statement.
 */
export function tickBatches(send: Send) {
  const getOne = (read: BatchRead) => send("get", [read.key, read.now]).then(firstRecord);
  const existsOne = (read: BatchRead) => send("exists", [read.key, read.now]).then(hasRows);
  const deleteOne = (key: string) => send("delete", [key]).then(changed);

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
          (error: unknown) => {
            // Locking several rows, a batch (unlike one key alone) can deadlock with another
            // multi-row statement: another process's batch, deleteExpired, deleteByOwner.
            // PostgreSQL rolls it back whole; run its calls alone, one row lock each.
            if ((error as { code?: unknown } | null)?.code !== DEADLOCK) throw error;
            return eachAlone(keys, deleteOne);
          },
        );
      },
    }),
  };
}
