import type { ManagerContext } from "./context.js";
import { emit } from "./context.js";
import type { StoredSession } from "./contract.js";
import { decodeData } from "./data-codec.js";
import { corruptRecord, decodePayload, type Envelope, encodePayload } from "./envelope.js";
import { SerializationError, SessionError } from "./errors.js";
import { assertToken } from "./token.js";
import type { SessionInfo } from "./types.js";

/** A live record read through the manager, with its payload opened. */
export interface LoadedSession {
  readonly handle: string;
  readonly record: StoredSession;
  readonly envelope: Envelope;
  readonly dataJson: string;
  /** The clock reading the record was read at. */
  readonly now: number;
}

/** The outcome of looking a token up. */
export type LoadResult =
  | { readonly state: "found"; readonly session: LoadedSession }
  | { readonly state: "missing" | "expired" };

const MISSING: LoadResult = { state: "missing" };
const EXPIRED: LoadResult = { state: "expired" };

/**
 * Reads the session of a token. A malformed token throws before any driver call. When the
 * driver has nothing live, the key is deleted: `true` means an expired record was there, which
 * is destroyed on access and reported as `expired`.
 */
export function loadByToken(ctx: ManagerContext, token: unknown): Promise<LoadResult> {
  try {
    assertToken(token);
  } catch (error) {
    return Promise.reject(error);
  }
  return loadByHandle(ctx, ctx.keys.handleOf(token));
}

/**
 * {@link loadByToken} for a handle already computed or given. The record is read as of
 * `now - clockTolerance`: one that expired less than the tolerance ago may still be valid for
 * a process whose clock is behind ours, so it is reported `expired` but left in place (and
 * remembered: it stays expired here even if the clock is set back); only a record dead for
 * longer is deleted (and reported with an `expired` event).
 */
export async function loadByHandle(ctx: ManagerContext, handle: string): Promise<LoadResult> {
  const now = ctx.clock.now();
  const key = ctx.keys.sessionKey(handle);
  const record = await ctx.driver.get(key, now - ctx.clockToleranceMs);
  if (record === null) {
    if (!(await ctx.driver.delete(key))) return MISSING;
    emit(ctx, { type: "expired", handle });
    return EXPIRED;
  }
  if (record.expiresAt <= now || ctx.expired.has(handle, now)) {
    ctx.expired.remember(handle, now);
    return EXPIRED;
  }
  return { state: "found", session: openRecord(ctx, record, handle, now) };
}

/** Decrypts (with a cipher) and splits a record's payload; fails closed on anything odd. */
export function openRecord(
  ctx: ManagerContext,
  record: StoredSession,
  handle: string,
  now: number,
): LoadedSession {
  let payload = record.payload;
  if (ctx.cipher) {
    try {
      payload = ctx.cipher.openPayload(payload, handle);
    } catch {
      // One generic error whatever failed: tag, key id, format (SECURITY.md CR-2).
      throw corruptRecord(ctx.driver.name);
    }
  }
  const { envelope, dataJson } = decodePayload(payload, ctx.driver.name);
  return { handle, record, envelope, dataJson, now };
}

/** Builds the payload text to store for `handle` (sealed when there is a cipher). */
export function sealRecordPayload(
  ctx: ManagerContext,
  envelope: Envelope,
  dataJson: string,
  handle: string,
): string {
  const payload = encodePayload(envelope, dataJson);
  return ctx.cipher ? ctx.cipher.sealPayload(payload, handle) : payload;
}

/**
 * Decodes stored data, running the `validate` schema on it when there is one. Synchronous
 * (no promise to await) without a schema: this is on every read.
 */
export function decodeSessionData(ctx: ManagerContext, dataJson: string): unknown {
  let data: unknown;
  try {
    data = decodeData(dataJson);
  } catch {
    throw corruptRecord(ctx.driver.name);
  }
  return ctx.validate ? validateData(ctx, data) : data;
}

/** Runs the `validate` schema; resolves with its output (defaults and transforms applied). */
export async function validateData(ctx: ManagerContext, data: unknown): Promise<unknown> {
  const result = await ctx.validate!["~standard"].validate(data);
  if (!result.issues) return result.value;
  // Issue messages may quote the data; only the paths are safe to put in an error (LG-1).
  const paths = result.issues.map((issue) =>
    (issue.path ?? []).map((part) => String(typeof part === "object" ? part.key : part)).join("."),
  );
  throw new SerializationError(
    `session data failed validation at ${paths.map((path) => `"${path || "(root)"}"`).join(", ")}`,
  );
}

/** Last recorded activity: the stored time, or later when an idle renewal says so. */
export function lastSeenOf(ctx: ManagerContext, loaded: LoadedSession): number {
  const { envelope, record } = loaded;
  if (ctx.idleMs === undefined) return envelope.lastSeenAt;
  return Math.max(envelope.lastSeenAt, Math.min(record.expiresAt - ctx.idleMs, loaded.now));
}

/** The listing view of a record: no token, no data. */
export function infoOf(ctx: ManagerContext, loaded: LoadedSession): SessionInfo {
  const { record, envelope } = loaded;
  return {
    handle: loaded.handle,
    owner: ownerOf(ctx, record),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    absoluteExpiresAt: envelope.absoluteExpiresAt,
    lastSeenAt: lastSeenOf(ctx, loaded),
    version: record.version,
    meta: envelope.meta,
    status: envelope.locked ? "locked" : "active",
  };
}

/** The owner key of a record as callers gave it (opened when sealed). */
export function ownerOf(ctx: ManagerContext, record: StoredSession): string | null {
  return record.owner === null ? null : openOwner(ctx, record.owner);
}

function openOwner(ctx: ManagerContext, stored: string): string {
  try {
    return ctx.keys.openOwner(stored);
  } catch {
    throw corruptRecord(ctx.driver.name);
  }
}

/** A live session record of this app that this manager has not already reported expired. */
function isListable(ctx: ManagerContext, record: StoredSession, now: number): boolean {
  return (
    record.expiresAt > now &&
    record.key.startsWith(ctx.keys.sessionPrefix) &&
    !ctx.expired.has(ctx.keys.handleOfKey(record.key), now)
  );
}

/**
 * Opens every record of a page or listing, skipping (and reporting as an `error` event) the
 * ones that cannot be read, so one corrupt record never hides the others.
 */
export function openMany(
  ctx: ManagerContext,
  records: readonly StoredSession[],
  operation: string,
  now: number,
): LoadedSession[] {
  const opened: LoadedSession[] = [];
  for (const record of records) {
    if (!isListable(ctx, record, now)) continue;
    try {
      opened.push(openRecord(ctx, record, ctx.keys.handleOfKey(record.key), now));
    } catch (error) {
      reportError(ctx, operation, error);
    }
  }
  return opened;
}

/**
 * Listing views of the live session records among `records`, skipping (and reporting) the
 * ones whose payload or owner cannot be read.
 */
export function listInfos(
  ctx: ManagerContext,
  records: readonly StoredSession[],
  operation: string,
  now: number,
): SessionInfo[] {
  const infos: SessionInfo[] = [];
  for (const record of records) {
    if (!isListable(ctx, record, now)) continue;
    try {
      infos.push(infoOf(ctx, openRecord(ctx, record, ctx.keys.handleOfKey(record.key), now)));
    } catch (error) {
      reportError(ctx, operation, error);
    }
  }
  return infos;
}

/**
 * The owner of a record in the form to write now (re-sealed under the cipher's current key);
 * an owner that cannot be opened is a corrupt record.
 */
export function resealOwnerOf(ctx: ManagerContext, stored: string | null): string | null {
  try {
    return ctx.keys.resealOwner(stored);
  } catch {
    throw corruptRecord(ctx.driver.name);
  }
}

/** Emits an `error` event describing `error` by name, code and message only. */
export function reportError(ctx: ManagerContext, operation: string, error: unknown): void {
  const described =
    error instanceof SessionError
      ? { name: error.name, code: error.code, message: error.message }
      : { name: "Error", code: "UNKNOWN", message: "unexpected failure" };
  emit(ctx, { type: "error", operation, error: described });
}
