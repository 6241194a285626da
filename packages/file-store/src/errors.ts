import { SessionError, SessionStoreError } from "@sessions/core";

/**
 * Where a corrupt file is broken; every part is optional because not every format knows it.
 * There is deliberately no `cause`: parser errors quote the input (V8's `JSON.parse` shows a
 * piece of the document, csv-parse the row's cells), and stored values must never reach an
 * error (SECURITY.md LG-1).
 */
export interface FileCorruptDetails {
  /**
   * 1-based line of the file, counting LF line ends as editors do, where the first bad input
   * starts: in JSON the line holding the bad value (or the header line of a bad header); in
   * CSV the line the bad row starts on (a quoted cell with line breaks makes a row span
   * several lines); in the journal the bad line; for bytes that are not UTF-8, their line.
   */
  readonly line?: number;
  /**
   * The offending field, when known: in JSON a record field (`version`) or a path in the
   * document (`format`, `records[2].key`); in CSV the column name (`created_at`); in the
   * journal the record field.
   */
  readonly field?: string;
  /** Path of the file, filled in by the store when the codec did not know it. */
  readonly file?: string;
}

/**
 * A readable file or its journal does not parse: the store fails closed (every call rejects
 * with this error, nothing is written, the bytes stay as they are) until a human looks.
 * `code` is `"CORRUPT_RECORD"`; `line`/`field` say where. The message names positions and
 * fields, never the stored values (they may be tokens' digests or session data).
 */
export class FileCorruptError extends SessionStoreError {
  /** 1-based line where the first bad input starts, when known (see {@link FileCorruptDetails.line}). */
  readonly line?: number;
  /** The offending field or CSV column, when known (see {@link FileCorruptDetails.field}). */
  readonly field?: string;
  /** Path of the corrupt file, when known. */
  readonly file?: string;
  /** The reason without position, kept so the store can re-issue the error with the path. */
  readonly reason: string;

  /**
   * @param driver the driver or format name (`"json"`, `"csv"`), shown as `[sessions] [json]`.
   * @param reason what is wrong, without any stored value.
   */
  constructor(driver: string, reason: string, details: FileCorruptDetails = {}) {
    const where = [
      details.file,
      details.line === undefined ? undefined : `line ${details.line}`,
      details.field === undefined ? undefined : `field "${details.field}"`,
    ].filter((part) => part !== undefined);
    super(driver, `corrupt file${where.length > 0 ? ` (${where.join(", ")})` : ""}: ${reason}`, {
      code: "CORRUPT_RECORD",
    });
    this.reason = reason;
    if (details.line !== undefined) this.line = details.line;
    if (details.field !== undefined) this.field = details.field;
    if (details.file !== undefined) this.file = details.file;
  }

  /** The same error naming `file` (the codec does not know the path). */
  inFile(file: string): FileCorruptError {
    if (this.file !== undefined) return this;
    return new FileCorruptError(this.driver, this.reason, {
      line: this.line,
      field: this.field,
      file,
    });
  }
}

const DISK_FULL = new Set(["ENOSPC", "EFBIG", "EDQUOT"]);

/** True for the errors a full disk (or a file size limit) gives. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && DISK_FULL.has(code);
}

/** Wraps a file-system error in a typed `SessionStoreError` (the original kept as `cause`). */
export function storeError(driver: string, operation: string, error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  if (isDiskFull(error)) {
    return new SessionStoreError(driver, `${operation} failed: disk full`, {
      code: "DISK_FULL",
      cause: error,
    });
  }
  return new SessionStoreError(driver, `${operation} failed`, { cause: error });
}

/** The error every call gets once the driver is closed. */
export function closedError(driver: string): SessionStoreError {
  return new SessionStoreError(driver, "driver is closed", { code: "CLOSED" });
}
