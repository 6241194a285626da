import type { ManagerContext } from "./context.js";
import { emit } from "./context.js";
import type { Envelope } from "./envelope.js";
import {
  InvalidPasswordError,
  SessionConflictError,
  SessionExpiredError,
  SessionNotFoundError,
  TooManyAttemptsError,
} from "./errors.js";
import { insertWithNewToken } from "./new-session.js";
import { moveSlotHolder } from "./owners.js";
import { assertPassword, hashPassword, verifyPassword } from "./password.js";
import {
  decodeSessionData,
  type LoadedSession,
  loadByToken,
  resealOwnerOf,
  sealRecordPayload,
} from "./records.js";
import { backoff, MAX_WRITE_ATTEMPTS } from "./retry.js";
import { afterWrite, deadlineAt, nextRecord, sessionView } from "./session-view.js";
import type { ActiveSession, LockedSession } from "./types.js";

/** Throws the error for a token that found no live session. */
export function notFound(state: "missing" | "expired"): never {
  throw state === "expired" ? new SessionExpiredError() : new SessionNotFoundError();
}

/**
 * Locks a session: data hidden, writes refused until `unlock`. A session created with a
 * password may be locked without one (if one is given it must match, and a wrong one counts
 * as a failed attempt); a session without a password needs one here, which becomes its
 * password.
 */
export async function lockSession(
  ctx: ManagerContext,
  token: string,
  password: string | undefined,
): Promise<LockedSession> {
  if (password !== undefined) assertPassword(password);
  let first = await loadForLocking(ctx, token);
  if (first.envelope.locked) return sessionView(ctx, first, token, null) as LockedSession;
  let passwordHash = first.envelope.passwordHash;
  if (passwordHash === undefined) {
    if (password === undefined) throw new InvalidPasswordError("a password is required to lock");
    passwordHash = await hashPassword(password);
  } else if (password !== undefined) {
    first = await checkPassword(ctx, token, password);
  }
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const loaded = attempt === 0 ? first : await loadForLocking(ctx, token);
    if (loaded.envelope.locked) return sessionView(ctx, loaded, token, null) as LockedSession;
    const envelope: Envelope = { ...loaded.envelope, passwordHash, locked: true, failures: [] };
    const record = nextRecord(ctx, loaded, { envelope });
    // The clock is read again: hashing the password took a while since the load.
    if (await ctx.driver.compareAndSet(record, loaded.record.version, ctx.clock.now())) {
      emit(ctx, { type: "locked", handle: loaded.handle });
      return sessionView(ctx, afterWrite(loaded, record, envelope), token, null) as LockedSession;
    }
    await backoff(attempt);
  }
  throw new SessionConflictError();
}

/**
 * Unlocks a session with its password and returns it under a NEW token (a privilege change:
 * SECURITY.md ID-5); the old token dies. Unlocking an unlocked session returns it unchanged.
 */
export async function unlockSession<Data>(
  ctx: ManagerContext,
  token: string,
  password: string,
): Promise<ActiveSession<Data>> {
  assertPassword(password);
  const current = await loadForLocking(ctx, token, password);
  if (!current.envelope.locked) {
    return sessionView<Data>(
      ctx,
      current,
      token,
      await decodeSessionData(ctx, current.dataJson),
    ) as ActiveSession<Data>;
  }
  const loaded = await checkPassword(ctx, token, password);
  // Verifying took a scrypt hash: judge the write by the clock as it is now.
  const now = ctx.clock.now();
  // Before anything is written: an owner that cannot be re-sealed fails with nothing lost.
  const owner = resealOwnerOf(ctx, loaded.record.owner);
  // Kill the old record first: of two concurrent unlocks only one wins this write.
  const dead = { ...loaded.record, expiresAt: 0, version: loaded.record.version + 1 };
  if (!(await ctx.driver.compareAndSet(dead, loaded.record.version, now))) {
    emit(ctx, { type: "conflict", handle: loaded.handle, operation: "unlock" });
    throw new SessionConflictError();
  }
  const envelope: Envelope = { ...loaded.envelope, locked: false, failures: [], lastSeenAt: now };
  const inserted = await insertWithNewToken(
    ctx,
    (handle) => ({
      ...loaded.record,
      key: ctx.keys.sessionKey(handle),
      owner,
      payload: sealRecordPayload(ctx, envelope, loaded.dataJson, handle),
      expiresAt: deadlineAt(ctx, envelope, now),
      version: loaded.record.version + 1,
    }),
    now,
  );
  if (loaded.record.owner !== null) {
    await moveSlotHolder(ctx, loaded.record.owner, loaded.record.key, inserted.record.key, now);
  }
  emit(ctx, { type: "unlocked", handle: inserted.handle, previousHandle: loaded.handle });
  const moved = { ...afterWrite(loaded, inserted.record, envelope), handle: inserted.handle };
  const data = await decodeSessionData(ctx, loaded.dataJson);
  return sessionView<Data>(ctx, moved, inserted.token, data) as ActiveSession<Data>;
}

/**
 * Counts an attempt first (compare-and-set on the record, so concurrent guesses from any
 * number of processes each consume one), then verifies the password. At most `max`
 * verifications happen per window; the window slides, so this is a cool-down, not a lockout.
 * Resolves with the record as it is after counting; throws `InvalidPasswordError` when wrong.
 */
async function checkPassword(
  ctx: ManagerContext,
  token: string,
  password: string,
): Promise<LoadedSession> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const loaded = await loadForLocking(ctx, token, password);
    const now = loaded.now;
    const recent = loaded.envelope.failures.filter((time) => time > now - ctx.attempts.windowMs);
    if (recent.length >= ctx.attempts.max) {
      throw new TooManyAttemptsError(recent[0]! + ctx.attempts.windowMs - now);
    }
    const envelope: Envelope = { ...loaded.envelope, failures: [...recent, now] };
    const record = nextRecord(ctx, loaded, { envelope });
    if (!(await ctx.driver.compareAndSet(record, loaded.record.version, now))) {
      await backoff(attempt);
      continue;
    }
    if (!(await verifyPassword(password, loaded.envelope.passwordHash))) {
      emit(ctx, { type: "unlock-failed", handle: loaded.handle, failures: recent.length + 1 });
      throw new InvalidPasswordError();
    }
    return afterWrite(loaded, record, envelope);
  }
  throw new SessionConflictError();
}

/**
 * Loads a session for lock/unlock. With a password given, a missing session still costs one
 * full password hash, so "no such session" and "wrong password" take the same time (PW-2).
 */
async function loadForLocking(
  ctx: ManagerContext,
  token: string,
  password?: string,
): Promise<LoadedSession> {
  const result = await loadByToken(ctx, token);
  if (result.state === "found") return result.session;
  if (password !== undefined) await verifyPassword(password, undefined);
  return notFound(result.state);
}
