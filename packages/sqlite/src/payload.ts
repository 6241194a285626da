import type { StoredSession } from "@sessions/core";

/**
 * Payloads must round-trip byte for byte as JavaScript strings, lone surrogates included.
 * SQLite TEXT is UTF-8, which cannot hold a lone surrogate, so such (rare) payloads are stored
 * as a BLOB of their UTF-16 code units; every other payload stays plain TEXT.
 */
const wellFormed = (value: string): boolean =>
  (value as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The value bound for the payload column. */
export function encodePayload(payload: string): string | Buffer {
  return wellFormed(payload) ? payload : Buffer.from(payload, "utf16le");
}

/** A row as read: its payload may be a BLOB (see {@link encodePayload}). */
type Row = Omit<StoredSession, "payload"> & { payload: string | Buffer };

/** Turns a row into a record, decoding a BLOB payload (the row object is reused). */
export function toRecord(row: Row): StoredSession {
  if (typeof row.payload !== "string") row.payload = row.payload.toString("utf16le");
  return row as StoredSession;
}

/** {@link toRecord} over a result set, in place. */
export function toRecords(rows: unknown[]): StoredSession[] {
  for (const row of rows) toRecord(row as Row);
  return rows as StoredSession[];
}
