import type { StoredSession } from "@sessions/core";
import { FileCorruptError } from "./errors.js";

/**
 * A format of the readable file: the only thing that differs between `@sessions/json` and
 * `@sessions/csv`. The store owns locking, the journal, fsync and recovery; a codec only turns
 * records into one whole document and back.
 */
export interface FileCodec {
  /** Format name used in errors and the README (`"json"`, `"csv"`); also the driver's name. */
  readonly format: string;
  /** The whole readable file for these records (the snapshot written at compaction). */
  encode(records: readonly StoredSession[]): string;
  /**
   * Parses a whole readable file. Throws {@link FileCorruptError} naming the line/field on any
   * malformed input, including an empty or truncated document: the store then fails closed.
   */
  decode(text: string): StoredSession[];
}

/** The six fields of a record before validation, as a codec parsed them. */
export interface RecordFields {
  readonly key: unknown;
  readonly owner: unknown;
  readonly createdAt: unknown;
  readonly expiresAt: unknown;
  readonly version: unknown;
  readonly payload: unknown;
}

const isTime = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/**
 * Validates parsed fields strictly and returns a fresh record with exactly the six fields (so a
 * parsed `__proto__` or extra property never reaches the store). Throws
 * {@link FileCorruptError} naming `line` and the first bad field. Shared by every codec and the
 * journal so "a valid record" means one thing.
 */
export function toStoredSession(format: string, line: number, fields: RecordFields): StoredSession {
  const fail = (field: string, reason: string): never => {
    throw new FileCorruptError(format, reason, { line, field });
  };
  const { key, owner, createdAt, expiresAt, version, payload } = fields;
  if (typeof key !== "string" || key.length === 0) fail("key", "key must be a non-empty string");
  if (owner !== null && typeof owner !== "string") fail("owner", "owner must be a string or null");
  if (!isTime(createdAt)) fail("createdAt", "createdAt must be a non-negative integer");
  if (!isTime(expiresAt)) fail("expiresAt", "expiresAt must be a non-negative integer");
  if (!isTime(version) || version < 1) fail("version", "version must be a positive integer");
  if (typeof payload !== "string") fail("payload", "payload must be a string");
  return {
    key: key as string,
    owner: owner as string | null,
    createdAt: createdAt as number,
    expiresAt: expiresAt as number,
    version: version as number,
    payload: payload as string,
  };
}

/**
 * Copies exactly the six fields of a record, always in this order: key, owner, createdAt,
 * expiresAt, version, payload (callers keep their object; extra properties are dropped). The
 * store keeps such copies; a codec can serialize one to get the same fields in the same order.
 */
export function copyRecord(r: StoredSession): StoredSession {
  return {
    key: r.key,
    owner: r.owner,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    version: r.version,
    payload: r.payload,
  };
}
