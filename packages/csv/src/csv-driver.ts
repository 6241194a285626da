import { createFileDriver, type FileDriver, type FileDriverOptions } from "@sessions/file-store";
import { csvCodec } from "./csv-codec.js";

/**
 * Options of {@link csvDriver}: those of every `@sessions/file-store` driver. `path` is the
 * CSV file (required); `lockTimeoutMs` (default 5000), `staleLockMs` (default 10000) and
 * `compactBytes` (default 1 MiB) tune the lock and the journal.
 */
export type CsvDriverOptions = FileDriverOptions;

/** The driver {@link csvDriver} returns: a `SessionDriver` with `path` and `compact()`. */
export type CsvDriver = FileDriver;

/**
 * A session driver on one RFC 4180 CSV file (name `"csv"`, `crossProcess: true`): the file
 * machinery of `@sessions/file-store` (cross-process lock, fsynced journal, atomic
 * compaction, fail-closed recovery) with {@link csvCodec} as the format. The file opens in
 * any spreadsheet or CSV reader; call `compact()` first when copying it, so the journal's
 * latest writes are folded in.
 */
export function csvDriver(options: CsvDriverOptions): CsvDriver {
  return createFileDriver({ ...options, codec: csvCodec });
}
