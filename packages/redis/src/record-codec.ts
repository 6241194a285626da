import { SessionStoreError, type StoredSession } from "@sessions/core";
import type { KeyLayout } from "./keys.js";

/**
 * One record is one Redis string: a fixed header the Lua scripts can read in place, then the
 * owner, then the payload, with no per-field framing beyond four commas:
 *
 * ```
 * [0,16)  expiresAt, decimal, zero-padded to 16 characters (touch overwrites it with SETRANGE)
 * [16]    owner form: "-" none, "o" raw, "O" JSON-escaped (the owner holds lone surrogates)
 * [17]    payload form: "r" raw, "j" JSON-escaped (the payload holds lone surrogates)
 * [18,…)  "<createdAt>,<version>,<owner UTF-16 length>,<owner UTF-8 length>," owner payload
 * ```
 *
 * A string beats a hash here: one GET returns everything, no field names are stored, and the
 * value is written with one SET. Strings that are not well-formed UTF-16 (lone surrogates)
 * cannot cross Redis as UTF-8 unchanged, so those (rare) are stored JSON-escaped and flagged.
 */

/** Width of the expiresAt field at the start of every value. */
export const EXPIRES_WIDTH = 16;

const DRIVER = "redis";
const wellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** What a write sends: the value, its PXAT (ms, rounded up) and the owner index key. */
export interface EncodedRecord {
  readonly value: string;
  /** `Math.ceil(expiresAt)` as text: Redis never evicts before core's deadline. */
  readonly pxat: string;
  /** Owner index key, or `undefined` for an unowned record. */
  readonly index: string | undefined;
}

/** The fixed-width expiresAt header field (also what `touch` writes with SETRANGE). */
export function expiresField(expiresAt: number): string {
  const text = String(expiresAt);
  if (!Number.isFinite(expiresAt) || expiresAt < 0 || text.length > EXPIRES_WIDTH) {
    throw new SessionStoreError(DRIVER, "expiresAt must be a finite, non-negative epoch ms");
  }
  return text.padStart(EXPIRES_WIDTH, "0");
}

/**
 * The deadline in a value's first {@link EXPIRES_WIDTH} characters (what `exists` reads with
 * GETRANGE); `undefined` for `""`, which GETRANGE returns for a missing key.
 */
export function expiresAtOfHeader(header: string): number | undefined {
  if (header === "") return undefined;
  const expiresAt = Number(header);
  if (header.length !== EXPIRES_WIDTH || !Number.isFinite(expiresAt)) {
    throw new SessionStoreError(DRIVER, "stored record is malformed", { code: "CORRUPT_RECORD" });
  }
  return expiresAt;
}

/** Throws unless a record key can be stored byte for byte as a Redis key. */
export function assertKey(key: string): void {
  if (typeof key !== "string" || !wellFormed(key)) {
    throw new SessionStoreError(DRIVER, "record keys must be well-formed Unicode strings");
  }
}

/** Owner index key of an owner. */
export function ownerIndexKey(layout: KeyLayout, owner: string): string {
  return wellFormed(owner)
    ? `${layout.base}o:${owner}`
    : `${layout.base}O:${JSON.stringify(owner)}`;
}

/** Encodes a record for SET. */
export function encodeRecord(layout: KeyLayout, record: StoredSession): EncodedRecord {
  assertKey(record.key);
  const { owner, payload } = record;
  let ownerForm = "-";
  let ownerText = "";
  if (owner !== null) {
    if (wellFormed(owner)) {
      ownerForm = "o";
      ownerText = owner;
    } else {
      ownerForm = "O";
      ownerText = JSON.stringify(owner);
    }
  }
  const raw = wellFormed(payload);
  const header = `${expiresField(record.expiresAt)}${ownerForm}${raw ? "r" : "j"}${record.createdAt},${record.version},${ownerText.length},${Buffer.byteLength(ownerText)},`;
  return {
    value: header + ownerText + (raw ? payload : JSON.stringify(payload)),
    pxat: String(Math.ceil(record.expiresAt)),
    index: owner === null ? undefined : `${layout.base}${ownerForm}:${ownerText}`,
  };
}

/** Decodes a stored value of record `key`; throws `CORRUPT_RECORD` on a malformed value. */
export function decodeRecord(key: string, value: string): StoredSession {
  const c1 = value.indexOf(",", 18);
  const c2 = value.indexOf(",", c1 + 1);
  const c3 = value.indexOf(",", c2 + 1);
  const c4 = value.indexOf(",", c3 + 1);
  const ownerForm = value[16];
  const payloadForm = value[17];
  const expiresAt = Number(value.slice(0, EXPIRES_WIDTH));
  const createdAt = Number(value.slice(18, c1));
  const version = Number(value.slice(c1 + 1, c2));
  const ownerLength = Number(value.slice(c2 + 1, c3));
  if (
    c1 < 0 ||
    c4 < 0 ||
    !Number.isFinite(expiresAt) ||
    !Number.isFinite(createdAt) ||
    !Number.isFinite(version) ||
    !Number.isInteger(ownerLength) ||
    (ownerForm !== "-" && ownerForm !== "o" && ownerForm !== "O") ||
    (payloadForm !== "r" && payloadForm !== "j")
  ) {
    throw new SessionStoreError(DRIVER, "stored record is malformed", { code: "CORRUPT_RECORD" });
  }
  const ownerEnd = c4 + 1 + ownerLength;
  const ownerText = value.slice(c4 + 1, ownerEnd);
  try {
    return {
      key,
      owner: ownerForm === "-" ? null : ownerForm === "o" ? ownerText : JSON.parse(ownerText),
      payload: payloadForm === "r" ? value.slice(ownerEnd) : JSON.parse(value.slice(ownerEnd)),
      createdAt,
      expiresAt,
      version,
    };
  } catch {
    // No cause: a JSON.parse message may quote stored bytes (session data).
    throw new SessionStoreError(DRIVER, "stored record is malformed", { code: "CORRUPT_RECORD" });
  }
}
