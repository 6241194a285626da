import type { ManagerContext } from "./context.js";
import type { StoredSession } from "./contract.js";
import type { Envelope } from "./envelope.js";
import type { LoadedSession } from "./records.js";
import { infoOf, sealRecordPayload } from "./records.js";
import type { ActiveSession, LockedSession, Session, SessionInfo } from "./types.js";

/** The session as a caller sees it: listing fields plus the token and (unless locked) data. */
export function sessionView<Data>(
  ctx: ManagerContext,
  loaded: LoadedSession,
  token: string,
  data: unknown,
): Session<Data> {
  const { status: _status, ...info }: SessionInfo = infoOf(ctx, loaded);
  if (loaded.envelope.locked) {
    return { ...info, id: token, locked: true, data: null } satisfies LockedSession;
  }
  return { ...info, id: token, locked: false, data: data as Data } satisfies ActiveSession<Data>;
}

/** The deadline a write at `now` sets: the idle window, capped by the absolute lifetime. */
export function deadlineAt(ctx: ManagerContext, envelope: Envelope, now: number): number {
  const absolute = envelope.absoluteExpiresAt;
  return ctx.idleMs === undefined ? absolute : Math.min(now + ctx.idleMs, absolute);
}

/** The next version of a loaded record, with the given changes and a version bump. */
export function nextRecord(
  ctx: ManagerContext,
  loaded: LoadedSession,
  changes: { envelope?: Envelope; dataJson?: string; expiresAt?: number },
): StoredSession {
  const envelope = changes.envelope ?? loaded.envelope;
  return {
    ...loaded.record,
    payload: sealRecordPayload(ctx, envelope, changes.dataJson ?? loaded.dataJson, loaded.handle),
    expiresAt: changes.expiresAt ?? loaded.record.expiresAt,
    version: loaded.record.version + 1,
  };
}

/** Replaces `loaded` with what was just written, for building the returned view. */
export function afterWrite(
  loaded: LoadedSession,
  record: StoredSession,
  envelope: Envelope,
  dataJson?: string,
): LoadedSession {
  return { ...loaded, record, envelope, dataJson: dataJson ?? loaded.dataJson };
}
