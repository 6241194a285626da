import type { ManagerContext } from "./context.js";
import { emit } from "./context.js";
import type { StoredSession } from "./contract.js";
import { OwnerBusyError, SessionConflictError } from "./errors.js";
import { type InsertedSession, insertWithNewToken } from "./new-session.js";

/** Live records of an owner under every stored form it may have (cipher key rotation). */
export async function listOwnerRecords(
  ctx: ManagerContext,
  owner: string,
  now: number,
): Promise<StoredSession[]> {
  const forms = ctx.keys.ownerForms(owner);
  if (forms.length === 1) return ctx.driver.listByOwner(forms[0]!, now);
  const lists = await Promise.all(forms.map((form) => ctx.driver.listByOwner(form, now)));
  return lists.flat();
}

/**
 * `maxSessionsPerOwner`: keeps the owner's newest sessions (createdAt, then key) and evicts
 * the rest. Every process ranks the same way, so concurrent creators agree on which sessions
 * go and exactly the limit remains. Throws `SessionConflictError` when the caller's own new
 * session (`ownKey`) ranked out: only a burst of same-millisecond logins beyond the limit.
 */
export async function evictOverLimit(
  ctx: ManagerContext,
  owner: string,
  ownKey: string,
  now: number,
): Promise<void> {
  const limit = ctx.maxPerOwner;
  if (limit === undefined) return;
  const live = await listOwnerRecords(ctx, owner, now);
  const ranked = live.sort((a, b) => b.createdAt - a.createdAt || (a.key < b.key ? 1 : -1));
  const victims = ranked.slice(limit);
  for (const victim of victims) {
    if (await ctx.driver.delete(victim.key)) {
      emit(ctx, { type: "destroyed", handle: ctx.keys.handleOfKey(victim.key), reason: "evicted" });
    }
  }
  const kept = ranked.slice(0, limit);
  if (!kept.some((record) => record.key === ownKey)) {
    throw new SessionConflictError("evicted at once by concurrent logins of the same owner");
  }
}

// A reserved-but-unpublished session lives this long at most: a crashed creator blocks
// nobody for longer.
const PENDING_MS = 30_000;
const MAX_CLAIM_ROUNDS = 20;

interface SlotHolder {
  readonly key: string;
}

/**
 * `uniquePerOwner`: creates the owner's only live session, atomically across processes.
 *
 * The owner slot (a record under `<app>:o:<owner digest>`) is claimed with insert or
 * compare-and-set, so of concurrent creators exactly one wins a given slot version. The new
 * session is first inserted unowned (invisible to owner lookups, short-lived), the slot is
 * claimed, the previous holder and every other live session of the owner are deleted, and
 * only then is the new session published with its owner: no observer ever sees two.
 */
export async function insertAsOnlySession(
  ctx: ManagerContext,
  owner: string,
  build: (handle: string) => StoredSession,
  now: number,
): Promise<InsertedSession> {
  const takeoverMs = ctx.takeoverMs!;
  const storedOwner = ctx.keys.storedOwner(owner);
  const slotKey = ctx.keys.slotKey(storedOwner);
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
    const slot = await ctx.driver.get(slotKey, now);
    const holder = slot ? parseSlot(slot) : null;
    const live = await listOwnerRecords(ctx, owner, now);
    let youngest = Math.max(Number.NEGATIVE_INFINITY, ...live.map((record) => record.createdAt));
    if (holder && !live.some((record) => record.key === holder.key)) {
      // The holder may still be unpublished (another creator between claim and publish).
      const pending = await ctx.driver.get(holder.key, now);
      if (pending) youngest = Math.max(youngest, pending.createdAt);
    }
    if (now - youngest < takeoverMs) throw new OwnerBusyError(youngest + takeoverMs - now);

    let finalRecord: StoredSession | undefined;
    const reserved = await insertWithNewToken(
      ctx,
      (handle) => {
        finalRecord = build(handle);
        return {
          ...finalRecord,
          owner: null,
          expiresAt: Math.min(now + PENDING_MS, finalRecord.expiresAt),
        };
      },
      now,
    );
    const claim: StoredSession = {
      key: slotKey,
      owner: null,
      payload: JSON.stringify({ h: reserved.record.key }),
      createdAt: now,
      expiresAt: finalRecord!.expiresAt,
      version: (slot?.version ?? 0) + 1,
    };
    const claimed = slot
      ? await ctx.driver.compareAndSet(claim, slot.version, now)
      : await ctx.driver.insert(claim, now);
    if (!claimed) {
      await ctx.driver.delete(reserved.record.key);
      continue;
    }
    await endOtherSessions(ctx, owner, holder, reserved, now);
    const published = { ...finalRecord!, key: reserved.record.key };
    if (!(await ctx.driver.compareAndSet(published, reserved.record.version, now))) {
      throw new SessionConflictError("the session was taken over before it was published");
    }
    return { ...reserved, record: published };
  }
  throw new SessionConflictError("too many concurrent logins for this owner");
}

async function endOtherSessions(
  ctx: ManagerContext,
  owner: string,
  holder: SlotHolder | null,
  reserved: InsertedSession,
  now: number,
): Promise<void> {
  const victims = new Set<string>();
  if (holder) victims.add(holder.key);
  for (const record of await listOwnerRecords(ctx, owner, now)) victims.add(record.key);
  victims.delete(reserved.record.key);
  for (const key of victims) {
    if (await ctx.driver.delete(key)) {
      emit(ctx, {
        type: "takeover",
        handle: reserved.handle,
        previousHandle: ctx.keys.handleOfKey(key),
        owner,
      });
    }
  }
}

/**
 * After a regenerate or unlock moved the owner's session to a new key, points the slot at
 * it, so that the takeover window keeps protecting it.
 */
export async function moveSlotHolder(
  ctx: ManagerContext,
  storedOwner: string,
  fromKey: string,
  toKey: string,
  now: number,
): Promise<void> {
  if (ctx.takeoverMs === undefined) return;
  const slotKey = ctx.keys.slotKey(storedOwner);
  const slot = await ctx.driver.get(slotKey, now);
  if (!slot || parseSlot(slot)?.key !== fromKey) return;
  const moved = { ...slot, payload: JSON.stringify({ h: toKey }), version: slot.version + 1 };
  // Losing this race means another creator claimed the slot meanwhile: it owns it now.
  await ctx.driver.compareAndSet(moved, slot.version, now);
}

function parseSlot(slot: StoredSession): SlotHolder | null {
  try {
    const value = JSON.parse(slot.payload) as { h?: unknown };
    return typeof value.h === "string" ? { key: value.h } : null;
  } catch {
    return null;
  }
}
