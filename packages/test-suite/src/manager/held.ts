import {
  SessionConflictError,
  type SessionDriver,
  SessionExpiredError,
  SessionLockedError,
  SessionNotFoundError,
} from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { HOUR, MINUTE } from "../fixtures.js";
import { type Data, eventTypes, openManager } from "./fixture.js";

const WRITERS = 20;

/**
 * A driver that counts the calls made to it, by method name. `opened` receives the driver it
 * wraps, so a check can ask which optional methods that driver has.
 */
function countingDriver(
  calls: Map<string, number>,
  opened?: (driver: SessionDriver) => void,
): (driver: SessionDriver) => SessionDriver {
  return (driver) => {
    opened?.(driver);
    return new Proxy(driver, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== "function" || typeof property !== "string") return value;
        return (...args: unknown[]) => {
          calls.set(property, (calls.get(property) ?? 0) + 1);
          return value.apply(target, args);
        };
      },
    });
  };
}

/** The counted calls as a plain object, for `toEqual`. */
const counted = (calls: Map<string, number>) => Object.fromEntries(calls);

/**
 * `update(session, …)` and `touch(session)` with a Session object the manager returned: one
 * driver call when nothing changed since, and exactly the token's behaviour when it did.
 */
export function heldSessionChecks(backend: Backend): void {
  describe("writes from a held Session object", () => {
    it("update(session) is one compareAndSet when the session is unchanged", async () => {
      const calls = new Map<string, number>();
      const { sessions } = await openManager(backend, {}, countingDriver(calls));
      const created = await sessions.create({ owner: "alice", data: { step: 0 } });
      const read = await sessions.require(created.id);
      calls.clear();
      const updated = await sessions.update(read, { step: 1 });
      expect(counted(calls)).toEqual({ compareAndSet: 1 });
      expect(updated).toMatchObject({ id: created.id, version: 2, data: { step: 1 } });
      calls.clear();
      // The object update returned is held too: a chain of writes needs no read.
      const again = await sessions.update(updated, (previous) => ({
        step: (previous.step as number) + 1,
      }));
      expect(counted(calls)).toEqual({ compareAndSet: 1 });
      expect(again).toMatchObject({ version: 3, data: { step: 2 } });
      expect(await sessions.require(created.id)).toMatchObject({
        owner: "alice",
        version: 3,
        data: { step: 2 },
        createdAt: created.createdAt,
      });
    });

    it("update(session) on a session changed since applies to the current record", async () => {
      const { sessions } = await openManager(backend);
      const { id } = await sessions.create({ data: { n: 0 } });
      const stale = await sessions.require(id);
      await sessions.update(id, { n: 1, note: "written by another request" });
      const incremented = await sessions.update(stale, (previous: Data) => ({
        ...previous,
        n: (previous.n as number) + 1,
      }));
      expect(incremented).toMatchObject({
        version: 3,
        data: { n: 2, note: "written by another request" },
      });
      const replaced = await sessions.update(stale, { n: 10 });
      expect(replaced).toMatchObject({ version: 4, data: { n: 10 } });
      await expect(
        sessions.update(stale, { n: 11 }, { expectedVersion: stale.version }),
      ).rejects.toBeInstanceOf(SessionConflictError);
      expect(await sessions.require(id)).toMatchObject({ version: 4, data: { n: 10 } });
      // The stored version, not the object's, is what expectedVersion is checked against.
      const expected = await sessions.update(stale, { n: 12 }, { expectedVersion: 4 });
      expect(expected).toMatchObject({ version: 5, data: { n: 12 } });
    });

    it(`${WRITERS} concurrent update(session, fn) from one object lose no increment`, async () => {
      const { sessions } = await openManager(backend);
      const session = await sessions.create({ data: { counter: 0 } });
      await Promise.all(
        Array.from({ length: WRITERS }, () =>
          sessions.update(session, (previous) => ({ counter: (previous.counter as number) + 1 })),
        ),
      );
      expect(await sessions.require(session.id)).toMatchObject({
        version: WRITERS + 1,
        data: { counter: WRITERS },
      });
    });

    it("a held session destroyed, regenerated, locked or expired since fails as its token would", async () => {
      const { sessions, clock } = await openManager(backend);
      const destroyed = await sessions.create({ data: {} });
      await sessions.destroy(destroyed.id);
      await expect(sessions.update(destroyed, { x: 1 })).rejects.toBeInstanceOf(
        SessionNotFoundError,
      );
      expect(await sessions.touch(destroyed)).toBe(false);

      const moved = await sessions.create({ data: {} });
      await sessions.regenerate(moved.id);
      await expect(sessions.update(moved, { x: 1 })).rejects.toBeInstanceOf(SessionNotFoundError);
      expect(await sessions.touch(moved)).toBe(false);

      const locked = await sessions.create({ data: { secret: 1 } });
      await sessions.lock(locked.id, "correct horse battery");
      await expect(sessions.update(locked, { x: 1 })).rejects.toBeInstanceOf(SessionLockedError);

      const expiring = await sessions.create({ data: {} });
      clock.advance(HOUR);
      await expect(sessions.update(expiring, { x: 1 })).rejects.toBeInstanceOf(SessionExpiredError);
      expect(await sessions.touch(expiring)).toBe(false);
    });

    it("only the manager's copy counts: changing the object's fields changes nothing", async () => {
      const { sessions, clock } = await openManager(backend);
      const session = await sessions.create({ data: { step: 0 } });
      const forged = session as unknown as Record<string, unknown>;
      forged.id = "B".repeat(43);
      forged.version = 99;
      forged.expiresAt = session.createdAt + 100 * HOUR;
      forged.absoluteExpiresAt = session.createdAt + 100 * HOUR;
      forged.locked = true;
      clock.advance(MINUTE);
      const updated = await sessions.update(session, { step: 1 });
      expect(updated).toMatchObject({
        version: 2,
        expiresAt: updated.createdAt + HOUR,
        absoluteExpiresAt: updated.createdAt + HOUR,
        data: { step: 1 },
      });
      expect(updated.id).not.toBe(forged.id);
      expect(await sessions.require(updated.id)).toMatchObject({ version: 2, data: { step: 1 } });
      expect(await sessions.get("B".repeat(43))).toBeNull();
      // Not even when the held record cannot be written from (here: locked) and the token
      // way is taken: it is the object's own token, never its public id.
      const other = await sessions.create({ data: { other: true } });
      const locked = await sessions.lock(
        (await sessions.create({ data: {} })).id,
        "correct horse battery",
      );
      (locked as unknown as Record<string, unknown>).id = other.id;
      await expect(sessions.update(locked, { x: 1 } as never)).rejects.toBeInstanceOf(
        SessionLockedError,
      );
      expect(await sessions.require(other.id)).toMatchObject({ version: 1, data: { other: true } });
    });

    it("an object this manager did not return goes the token way", async () => {
      const { sessions, attach } = await openManager(backend);
      const other = attach({}).sessions;
      const session = await other.create({ data: { step: 0 } });
      expect((await sessions.update(session, { step: 1 })).version).toBe(2);
      expect((await sessions.update({ ...session }, { step: 2 })).version).toBe(3);
      expect(await sessions.touch({ ...session })).toBe(true);
      await expect(
        sessions.update({ id: "not a token" } as never, { step: 3 }),
      ).rejects.toMatchObject({ code: "INVALID_SESSION_ID" });
      expect((await sessions.require(session.id)).data).toEqual({ step: 2 });
    });

    it("touch(session) with an idle timeout writes the new deadline without a read", async () => {
      const calls = new Map<string, number>();
      let hasExists = false;
      const { sessions, clock, events } = await openManager(
        backend,
        { idleTimeout: "30m" },
        countingDriver(calls, (driver) => {
          hasExists = typeof driver.exists === "function";
        }),
      );
      const session = await sessions.create({ data: {} });
      clock.advance(10 * MINUTE);
      calls.clear();
      expect(await sessions.touch(session)).toBe(true);
      expect(counted(calls)).toEqual({ touch: 1 });
      expect((await sessions.inspect(session.handle))?.expiresAt).toBe(clock.now() + 30 * MINUTE);
      expect(eventTypes(events)).toEqual(["created", "renewed"]);
      // Nothing to extend (no time passed): only whether the session still exists is read,
      // with the driver's optional `exists` when it has one.
      calls.clear();
      const current = await sessions.require(session.id);
      calls.clear();
      expect(await sessions.touch(current)).toBe(true);
      expect(counted(calls)).toEqual(hasExists ? { exists: 1 } : { get: 1 });
    });
  });
}
