import type { StoredSession } from "./contract.js";
import { SerializationError } from "./errors.js";
import type { PortableRecord } from "./types.js";

const FIELDS = new Set(["format", "key", "owner", "payload", "createdAt", "expiresAt", "version"]);
const HANDLE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MAX_OWNER_CHARS = 4096;

/**
 * Checks one untrusted import record field by field; the error names the record (1-based)
 * and the field. Unknown fields (including `__proto__`) are refused.
 */
export function parsePortableRecord(
  value: unknown,
  position: number,
  maxPayloadChars: number,
): PortableRecord {
  const fail = (field: string, problem: string): never => {
    throw new SerializationError(`import record ${position}: field "${field}" ${problem}`, {
      record: position,
      field,
    });
  };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return fail("(record)", "must be an object");
  }
  for (const field of Object.keys(value)) {
    if (!FIELDS.has(field)) fail(field, "is not a field of a session record");
  }
  const record = value as Record<string, unknown>;
  if (record.format !== 1) fail("format", "must be 1 (the only known record format)");
  if (typeof record.key !== "string" || !HANDLE_PATTERN.test(record.key)) {
    fail("key", "must be a 43-character session handle");
  }
  if (
    record.owner !== null &&
    (typeof record.owner !== "string" ||
      record.owner.length === 0 ||
      record.owner.length > MAX_OWNER_CHARS)
  ) {
    fail("owner", `must be null or a string of 1 to ${MAX_OWNER_CHARS} characters`);
  }
  if (typeof record.payload !== "string") fail("payload", "must be a string");
  if ((record.payload as string).length > maxPayloadChars)
    fail("payload", "is over the size limit");
  for (const field of ["createdAt", "expiresAt"] as const) {
    const time = record[field];
    if (typeof time !== "number" || !Number.isSafeInteger(time) || time < 0) {
      fail(field, "must be epoch milliseconds (a whole number)");
    }
  }
  if ((record.expiresAt as number) < (record.createdAt as number)) {
    fail("expiresAt", "is before createdAt");
  }
  if (
    typeof record.version !== "number" ||
    !Number.isSafeInteger(record.version) ||
    record.version < 1
  ) {
    fail("version", "must be a whole number of at least 1");
  }
  return record as unknown as PortableRecord;
}

/** The stored record a portable record becomes under a manager's key layout. */
export function toStoredRecord(
  record: PortableRecord,
  sessionKey: (handle: string) => string,
  ownerPrefix: string,
): StoredSession {
  return {
    key: sessionKey(record.key),
    owner: record.owner === null ? null : ownerPrefix + record.owner,
    payload: record.payload,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    version: record.version,
  };
}
