import type { FileCodec } from "@sessions/file-store";
import { decodeCsv } from "./csv-decode.js";
import { encodeCsv } from "./csv-encode.js";

/**
 * The CSV format of `@sessions/file-store`: RFC 4180 with the header row
 * `key,owner,created_at,expires_at,version,payload`, CRLF line ends, decimal integers, and the
 * cell escape scheme described in the README (formula characters behind an apostrophe, text
 * UTF-8 cannot hold as a JSON string literal, `null` as the empty cell).
 *
 * `encode` writes a whole file; `decode` reads one strictly and throws `FileCorruptError`
 * (code `CORRUPT_RECORD`) naming the line and column of the first problem. Use it on its own
 * to write or read export files, e.g. `csvCodec.encode(records)` for `migrate()` output.
 */
export const csvCodec: FileCodec = Object.freeze({
  format: "csv",
  encode: encodeCsv,
  decode: decodeCsv,
});
