import type { ManagerContext } from "./context.js";
import type { StoredSession } from "./contract.js";
import type { Envelope } from "./envelope.js";
import type { LoadedSession } from "./records.js";
import { lastSeenOf, ownerOf, resealOwnerOf, sealRecordPayload } from "./records.js";
import type { Session } from "./types.js";

/** The session as a caller sees it: listing fields plus the token and (unless locked) data. */
export function sessionView<Data>(
  ctx: ManagerContext,
  loaded: LoadedSession,
  token: string,
  data: unknown,
): Session<Data> {
  const { record, envelope } = loaded;
  // Built in one literal (not from infoOf plus spreads): every read returns one of these.
  return {
    id: token,
    handle: loaded.handle,
    owner: ownerOf(ctx, record),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    absoluteExpiresAt: envelope.absoluteExpiresAt,
    lastSeenAt: lastSeenOf(ctx, loaded),
    version: record.version,
    meta: envelope.meta,
    locked: envelope.locked,
    data: envelope.locked ? null : data,
  } as Session<Data>;
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
    owner: resealOwnerOf(ctx, loaded.record.owner),
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
