import { SessionStoreError } from "./errors.js";
import type { SessionMeta } from "./types.js";

/**
 * What core keeps in a record's payload besides the data: one small JSON header line, then the
 * data JSON. The header is parsed on every read; the data only when it is needed, so a touch
 * or a lock check never pays for decoding the data.
 *
 * Format v1: `{"v":1,"a":<absolute deadline>,"s":<last seen>,...}\n<data JSON>`.
 * JSON.stringify never emits a raw newline, so the first one always ends the header.
 */
export interface Envelope {
  /** Absolute deadline, epoch ms. */
  readonly absoluteExpiresAt: number;
  /** Last recorded activity, epoch ms. */
  readonly lastSeenAt: number;
  /** PHC scrypt hash of the session's password, when it has one. */
  readonly passwordHash?: string;
  /** Locked: data hidden, writes refused. */
  readonly locked: boolean;
  /** Times of failed unlock attempts still inside the counting window. */
  readonly failures: readonly number[];
  /** Metadata given at create. */
  readonly meta: SessionMeta | null;
}

/** The header as parsed (fields in the order `encodePayload` writes them). */
interface HeaderV1 {
  v: 1;
  a: number;
  s: number;
  p?: string;
  k?: 1;
  f?: number[];
  m?: SessionMeta;
}

/** An envelope header with its data JSON, as stored. */
export interface DecodedPayload {
  readonly envelope: Envelope;
  readonly dataJson: string;
}

/** Builds the payload text for an envelope and already-encoded data. */
export function encodePayload(envelope: Envelope, dataJson: string): string {
  // Written by hand: the numbers need no escaping, and this runs on every write.
  let header = `{"v":1,"a":${envelope.absoluteExpiresAt},"s":${envelope.lastSeenAt}`;
  if (envelope.passwordHash !== undefined)
    header += `,"p":${JSON.stringify(envelope.passwordHash)}`;
  if (envelope.locked) header += `,"k":1`;
  if (envelope.failures.length > 0) header += `,"f":[${envelope.failures.join(",")}]`;
  if (envelope.meta !== null) header += `,"m":${JSON.stringify(envelope.meta)}`;
  return `${header}}\n${dataJson}`;
}

/** Splits and checks a payload; anything malformed is a `CORRUPT_RECORD` store error. */
export function decodePayload(payload: string, driverName: string): DecodedPayload {
  const newline = payload.indexOf("\n");
  // Fast path for the common header (no password, lock, failures or meta): one anchored
  // regex instead of JSON.parse and a shape check, on every read.
  const plain = PLAIN_HEADER.exec(payload);
  if (plain !== null && plain[0].length === newline + 1) {
    const absoluteExpiresAt = Number(plain[1]);
    const lastSeenAt = Number(plain[2]);
    if (Number.isSafeInteger(absoluteExpiresAt) && Number.isSafeInteger(lastSeenAt)) {
      return {
        envelope: {
          absoluteExpiresAt,
          lastSeenAt,
          locked: false,
          failures: NO_FAILURES,
          meta: null,
        },
        dataJson: payload.slice(newline + 1),
      };
    }
  }
  if (newline > 0) {
    let header: unknown;
    try {
      header = JSON.parse(payload.slice(0, newline));
    } catch {
      header = undefined;
    }
    if (isHeader(header)) {
      return {
        envelope: {
          absoluteExpiresAt: header.a,
          lastSeenAt: header.s,
          ...(header.p !== undefined && { passwordHash: header.p }),
          locked: header.k === 1,
          failures: header.f ?? [],
          meta: header.m ?? null,
        },
        dataJson: payload.slice(newline + 1),
      };
    }
  }
  throw corruptRecord(driverName);
}

const PLAIN_HEADER = /^\{"v":1,"a":(\d{1,16}),"s":(\d{1,16})\}\n/;
const NO_FAILURES: readonly number[] = Object.freeze([]);

/** The one error for a record core cannot read: it names no record content. */
export function corruptRecord(driverName: string): SessionStoreError {
  return new SessionStoreError(driverName, "stored session record is corrupt or unreadable", {
    code: "CORRUPT_RECORD",
  });
}

function isHeader(value: unknown): value is HeaderV1 {
  if (value === null || typeof value !== "object") return false;
  const header = value as Partial<HeaderV1>;
  return (
    header.v === 1 &&
    Number.isSafeInteger(header.a) &&
    Number.isSafeInteger(header.s) &&
    (header.p === undefined || typeof header.p === "string") &&
    (header.k === undefined || header.k === 1) &&
    (header.f === undefined || (Array.isArray(header.f) && header.f.every(Number.isSafeInteger))) &&
    (header.m === undefined || (header.m !== null && typeof header.m === "object"))
  );
}
