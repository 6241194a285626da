import type { StoredSession } from "@sessions/core";

/** The header row of every sessions CSV file, in this order. */
export const CSV_COLUMNS = [
  "key",
  "owner",
  "created_at",
  "expires_at",
  "version",
  "payload",
] as const;

/** One column name of {@link CSV_COLUMNS}. */
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** The record field each column holds (the names differ only in case style). */
export const COLUMN_FIELDS: Readonly<Record<CsvColumn, keyof StoredSession>> = {
  key: "key",
  owner: "owner",
  created_at: "createdAt",
  expires_at: "expiresAt",
  version: "version",
  payload: "payload",
};

/** The column that holds a record field (for errors that name a record field). */
export function columnOf(field: string): string {
  const column = CSV_COLUMNS.find((name) => COLUMN_FIELDS[name] === field);
  return column ?? field;
}
