import type { StoredSession } from "@sessions/core";
import type { ResultLike } from "./client.js";
import { decodeText } from "./payload.js";

type Row = Record<string, unknown> & { payload: string; owner: string | null };

/** Whether a query returned any row. */
export const hasRows = (rows: ResultLike): boolean => rows.length > 0;

/** Whether a statement touched any row. */
export const changed = (rows: ResultLike): boolean => rows.count > 0;

/** The rows of a record query as records, payload and owner decoded in place. */
export function asRecords(rows: ResultLike): StoredSession[] {
  for (const row of rows as unknown as Row[]) {
    row.payload = decodeText(row.payload);
    if (row.owner !== null) row.owner = decodeText(row.owner);
  }
  return rows as unknown as StoredSession[];
}

/** The record of a `get` result, or `null` when there is no live row. */
export const firstRecord = (rows: ResultLike): StoredSession | null =>
  rows.length > 0 ? asRecords(rows)[0]! : null;
