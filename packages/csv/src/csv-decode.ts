import type { StoredSession } from "@sessions/core";
import { FileCorruptError, toStoredSession } from "@sessions/file-store";
import { CsvError, type InfoRecord, parse } from "csv-parse/sync";
import { CellError, decodeCell, decodeInteger, isWellFormed } from "./cell-codec.js";
import { CSV_COLUMNS, type CsvColumn, columnOf } from "./columns.js";

const FORMAT = "csv";
const HEADER = `${CSV_COLUMNS.join(",")}\r\n`;
const BOM = "\ufeff";

const CR = 0x0d;
const LF = 0x0a;

/** A row that parsed as CSV but did not end the way this format ends rows. */
class BadRow extends Error {}

/**
 * Parses a whole sessions CSV file strictly: the exact header row, six cells per row, CRLF
 * after every row (the last one too), integers in the number columns, every cell in the
 * escape scheme of `cell-codec.ts`, no key twice. A leading BOM is allowed (spreadsheets add
 * one). Anything else throws `FileCorruptError` naming the line the bad row starts on
 * (counting LF line ends, as editors do) and its column, never a cell's value.
 */
export function decodeCsv(input: string): StoredSession[] {
  const text = input.startsWith(BOM) ? input.slice(BOM.length) : input;
  checkText(text);
  const bytes = Buffer.from(text, "utf8");
  // Start line of the row being parsed; rows can span lines (quoted CR/LF).
  let line = 1;
  const starts: number[] = [];
  let rows: string[][];
  try {
    rows = parse(bytes, {
      // Every line end splits rows, so a bare LF or CR outside quotes (which RFC 4180 forbids
      // and other readers would split on) leaves a short row; each row must then end in CRLF.
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_quotes: false,
      relax_column_count: false,
      skip_empty_lines: false,
      on_record: (row: string[], info: InfoRecord) => {
        if (bytes[info.bytes - 2] !== CR || bytes[info.bytes - 1] !== LF) {
          throw new BadRow(
            "the row does not end with CRLF: the file is truncated, or has LF or CR line ends",
          );
        }
        starts.push(line);
        line += lineBreaks(row) + 1;
        return row;
      },
    });
  } catch (error) {
    throw parseError(error, line);
  }
  return toRecords(rows, starts);
}

function checkText(text: string): void {
  if (text.length === 0) throw corrupt("the file is empty: no header row", 1);
  if (!text.startsWith(HEADER)) {
    throw corrupt(`the header row must be exactly ${CSV_COLUMNS.join(",")} and end with CRLF`, 1);
  }
  // Text read from UTF-8 never holds a lone surrogate; a string that does was not a CSV file.
  if (!isWellFormed(text)) {
    const surrogate = text.search(/\p{Cs}/u);
    throw corrupt("the text holds a lone surrogate (not UTF-8)", lineAt(text, surrogate));
  }
}

function toRecords(rows: string[][], starts: number[]): StoredSession[] {
  const records: StoredSession[] = [];
  const lines = new Map<string, number>();
  for (let index = 1; index < rows.length; index++) {
    const line = starts[index]!;
    const record = toRecord(rows[index]!, line);
    const first = lines.get(record.key);
    if (first !== undefined) {
      throw corrupt(`duplicate key (first on line ${first})`, line, "key");
    }
    lines.set(record.key, line);
    records.push(record);
  }
  return records;
}

function toRecord(row: string[], line: number): StoredSession {
  const cell = <T>(column: CsvColumn, decode: (text: string) => T): T => {
    try {
      return decode(row[CSV_COLUMNS.indexOf(column)]!);
    } catch (error) {
      if (error instanceof CellError) throw corrupt(error.message, line, column);
      throw error;
    }
  };
  const fields = {
    key: cell("key", decodeCell),
    owner: cell("owner", decodeCell),
    createdAt: cell("created_at", decodeInteger),
    expiresAt: cell("expires_at", decodeInteger),
    version: cell("version", decodeInteger),
    payload: cell("payload", decodeCell),
  };
  try {
    return toStoredSession(FORMAT, line, fields);
  } catch (error) {
    // Name the CSV column (created_at), not the record field (createdAt).
    if (error instanceof FileCorruptError && error.field !== undefined) {
      throw corrupt(error.reason, line, columnOf(error.field));
    }
    throw error;
  }
}

// csv-parse errors carry the offending row and cell values: only their code and position
// are kept, and the CsvError is not kept as `cause`, so no session data leaks into logs.
function parseError(error: unknown, line: number): unknown {
  if (error instanceof BadRow) return corrupt(error.message, line, "payload");
  if (!(error instanceof CsvError)) return error;
  const column = (error as unknown as { column?: unknown }).column;
  const field = typeof column === "number" ? CSV_COLUMNS[column] : undefined;
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return corrupt("a quoted cell is not closed: the file is truncated", line, field);
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return corrupt(
        `the row does not have ${CSV_COLUMNS.length} cells (a line break outside quotes splits a row)`,
        line,
      );
    case "INVALID_OPENING_QUOTE":
      return corrupt("a quote inside an unquoted cell", line, field);
    case "CSV_INVALID_CLOSING_QUOTE":
      return corrupt("text after the closing quote of a cell", line, field);
    default:
      return corrupt(`not RFC 4180 CSV (${error.code})`, line, field);
  }
}

function corrupt(reason: string, line: number, field?: string): FileCorruptError {
  return new FileCorruptError(FORMAT, reason, field === undefined ? { line } : { line, field });
}

function lineBreaks(row: readonly string[]): number {
  let count = 0;
  for (const cell of row) {
    for (let at = cell.indexOf("\n"); at !== -1; at = cell.indexOf("\n", at + 1)) count++;
  }
  return count;
}

function lineAt(text: string, index: number): number {
  return lineBreaks([text.slice(0, index)]) + 1;
}
