import { readFileSync } from "node:fs";
import type { StoredSession } from "@sessions/core";
import { copyRecord, type FileCodec } from "./codec.js";
import { FileCorruptError } from "./errors.js";
import { RecordTable } from "./record-table.js";
import { decodeUtf8 } from "./utf8.js";

/**
 * Reads and decodes the readable file into a new table; `bytes` is its size. A missing file is
 * an empty store, unless the journal holds data: replaying a journal onto nothing would
 * silently drop every compacted record, so that fails closed like a corrupt file.
 */
export function readSnapshot(
  path: string,
  codec: FileCodec,
  journalHasData: boolean,
): { table: RecordTable; bytes: number } {
  const table = new RecordTable();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ENOENT") throw error;
    if (journalHasData) {
      throw new FileCorruptError(codec.format, "the journal exists but the data file is missing", {
        file: path,
      });
    }
    return { table, bytes: 0 };
  }
  let records: StoredSession[];
  try {
    records = codec.decode(decodeUtf8(codec.format, bytes));
  } catch (error) {
    if (error instanceof FileCorruptError) throw error.inFile(path);
    // A parser's message may quote the file (session data, LG-1): keep only its name and code.
    throw new FileCorruptError(codec.format, `the data file does not parse (${describe(error)})`, {
      file: path,
    });
  }
  for (const [index, record] of records.entries()) {
    if (table.get(record.key) !== undefined) {
      throw new FileCorruptError(codec.format, `record ${index + 1} repeats a key`, { file: path });
    }
    table.put(copyRecord(record));
  }
  return { table, bytes: bytes.length };
}

const LABEL = /^[A-Za-z_][\w.-]{0,63}$/;

/** The error's name and code when they look like identifiers; never its message. */
function describe(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  const parts = [name, code].filter(
    (part): part is string => typeof part === "string" && LABEL.test(part),
  );
  return parts.length > 0 ? parts.join(" ") : "unknown error";
}
