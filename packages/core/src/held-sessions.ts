import { emit, type ManagerContext } from "./context.js";
import type { LoadedSession } from "./records.js";
import { deadlineAt, heldOf } from "./session-view.js";

/**
 * The record behind a Session object a manager returned, so that `update(session, …)` and
 * `touch(session)` can write without reading the record again (one round trip instead of two).
 * This is safe because every such write is a compare-and-set on the version held: a record
 * that changed since is never overwritten from the stale copy, the manager reads it and tries
 * again. Only this private copy is used, never the object's own fields, which callers can
 * change. It lives in the object (see `sessionView`), so it lasts exactly as long as the
 * caller keeps the object: nothing is cached by token, nothing stays after the request.
 */
export interface HeldSession {
  /** The manager that made the object: another manager's objects go the token way. */
  readonly ctx: ManagerContext;
  /** The record as it was read or written when the object was made. */
  readonly loaded: LoadedSession;
  /** The token the object was made for. */
  readonly token: string;
}

/**
 * The held record of `target` when a write may start from it: held by this manager, unlocked
 * and live at `now` (and not already reported expired). Otherwise `undefined`, and the caller
 * reads the record as for a token, which also produces the right error.
 */
export function heldForWrite(
  ctx: ManagerContext,
  target: unknown,
  now: number,
): HeldSession | undefined {
  const held = heldOf(ctx, target);
  if (held === undefined) return undefined;
  const { record, envelope, handle } = held.loaded;
  if (envelope.locked || record.expiresAt <= now || ctx.expired.has(handle, now)) return undefined;
  return held;
}

/**
 * The token a call addresses: a string as given; for a Session object of this manager the
 * token it was made for (never its public `id`, which callers can change); for any other
 * object its `id`.
 */
export function tokenOfTarget(ctx: ManagerContext, target: unknown): unknown {
  if (typeof target !== "object" || target === null) return target;
  return heldOf(ctx, target)?.token ?? (target as { id?: unknown }).id;
}

/**
 * `touch` from a held record in one driver call: writes the new deadline when it moves,
 * otherwise only checks the record is still there (`exists`, or `get` for a driver without
 * it). `undefined` when the record is gone or dead: the caller then goes the token way, which
 * removes an expired record and reports it.
 */
export async function touchHeld(
  ctx: ManagerContext,
  loaded: LoadedSession,
  now: number,
): Promise<boolean | undefined> {
  const { record, envelope, handle } = loaded;
  const expiresAt = deadlineAt(ctx, envelope, now);
  if (expiresAt > record.expiresAt) {
    if (!(await ctx.driver.touch(record.key, expiresAt, now))) return undefined;
    emit(ctx, { type: "renewed", handle, expiresAt });
    return true;
  }
  const { driver } = ctx;
  const live = driver.exists
    ? await driver.exists(record.key, now)
    : (await driver.get(record.key, now)) !== null;
  return live ? true : undefined;
}
