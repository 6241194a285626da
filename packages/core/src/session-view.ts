import type { ManagerContext } from "./context.js";
import type { StoredSession } from "./contract.js";
import type { Envelope } from "./envelope.js";
import type { HeldSession } from "./held-sessions.js";
import type { LoadedSession } from "./records.js";
import { lastSeenOf, ownerOf, resealOwnerOf, sealRecordPayload } from "./records.js";
import type { ActiveSession, Session } from "./types.js";

/**
 * The session as a caller sees it: listing fields plus the token and (unless locked) data.
 * The object also carries, in a private field nobody else can read or set, the record it was
 * made from (see `HeldSession`).
 */
export function sessionView<Data>(
  ctx: ManagerContext,
  loaded: LoadedSession,
  token: string,
  data: unknown,
): Session<Data> {
  return new SessionObject(ctx, loaded, token, data) as unknown as Session<Data>;
}

/** The public fields of a Session object, writable here so the constructor can set them. */
type SessionFields = {
  -readonly [Field in keyof ActiveSession<unknown>]: Field extends "locked"
    ? boolean
    : ActiveSession<unknown>[Field];
};

// biome-ignore lint/correctness/noUnusedVariables: merged with the class below, which gets these fields without declaring each one again.
interface SessionObject extends SessionFields {}

/**
 * What every read returns. A class rather than a literal only for the private `#held` field:
 * a WeakMap from object to record cost a sixth of a `get` in GC work, a private field costs
 * nothing, and unlike a symbol-keyed property it cannot be read, copied or forged.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the public fields come from the Session type, set once in the constructor; the class adds only #held.
class SessionObject {
  readonly #held: HeldSession;

  constructor(ctx: ManagerContext, loaded: LoadedSession, token: string, data: unknown) {
    const { record, envelope } = loaded;
    this.id = token;
    this.handle = loaded.handle;
    this.owner = ownerOf(ctx, record);
    this.createdAt = record.createdAt;
    this.expiresAt = record.expiresAt;
    this.absoluteExpiresAt = envelope.absoluteExpiresAt;
    this.lastSeenAt = lastSeenOf(ctx, loaded);
    this.version = record.version;
    this.meta = envelope.meta;
    this.locked = envelope.locked;
    this.data = envelope.locked ? null : data;
    this.#held = { ctx, loaded, token };
  }

  /** The record behind `value` when it is a Session object made by the manager of `ctx`. */
  static heldOf(ctx: ManagerContext, value: unknown): HeldSession | undefined {
    if (typeof value !== "object" || value === null || !(#held in value)) return undefined;
    const held = (value as SessionObject).#held;
    return held.ctx === ctx ? held : undefined;
  }
}

/** The record behind a Session object the manager of `ctx` returned; `undefined` otherwise. */
export function heldOf(ctx: ManagerContext, value: unknown): HeldSession | undefined {
  return SessionObject.heldOf(ctx, value);
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
