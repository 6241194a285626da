import { SerializationError, type StoredSession } from "@sessions/core";
import { stringify } from "csv-stringify/sync";
import { CellError, encodeCell, encodeInteger } from "./cell-codec.js";
import { CSV_COLUMNS, type CsvColumn } from "./columns.js";

// RFC 4180: CRLF after every row (the last one too, so a cut-off file is detectable), quotes
// only where needed. `quote_record_delimiter` quotes a lone LF or CR too, which plain
// "\r\n" splitting would not, so any reader (CRLF, LF or CR line ends) sees the same rows.
// No BOM: the header must read as `key` in every CSV reader, not as `\ufeffkey`.
const WRITE_OPTIONS = {
  record_delimiter: "\r\n",
  quote_record_delimiter: true,
  eof: true,
  bom: false,
} as const;

/**
 * The whole CSV file for `records`: the header row, then one row per record, every cell in
 * the escape scheme of `cell-codec.ts`. Throws `SerializationError` naming the record (1-based)
 * and column of a field that is not of its type.
 */
export function encodeCsv(records: readonly StoredSession[]): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const [index, record] of records.entries()) rows.push(encodeRow(record, index + 1));
  return stringify(rows, WRITE_OPTIONS);
}

function encodeRow(record: StoredSession, position: number): string[] {
  const cell = (column: CsvColumn, encode: () => string): string => {
    try {
      return encode();
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      throw new SerializationError(`csv: record ${position}, column ${column}: ${error.message}`, {
        record: position,
        field: column,
      });
    }
  };
  return [
    cell("key", () => text(record.key)),
    cell("owner", () => (record.owner === null ? encodeCell(null) : text(record.owner))),
    cell("created_at", () => encodeInteger(record.createdAt)),
    cell("expires_at", () => encodeInteger(record.expiresAt)),
    cell("version", () => encodeInteger(record.version)),
    cell("payload", () => text(record.payload)),
  ];
}

function text(value: unknown): string {
  if (typeof value !== "string") throw new CellError("not a string");
  return encodeCell(value);
}
