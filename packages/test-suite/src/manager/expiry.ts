import { SessionExpiredError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { HOUR, MINUTE } from "../fixtures.js";
import { scanAll } from "../readers.js";
import { eventsOf, openManager } from "./fixture.js";

const IDLE = 10 * MINUTE;

/**
 * Absolute ttl and idle timeout together; renewal; expired sessions destroyed on access, but
 * only once they have been dead for longer than `clockTolerance`.
 */
export function expiryChecks(backend: Backend): void {
  describe("expiry and renewal", () => {
    it("an idle session expires at its idle deadline and is destroyed on access", async () => {
      const { sessions, clock, events, driver } = await openManager(backend, {
        ttl: "1h",
        idleTimeout: "10m",
        clockTolerance: 0,
      });
      const viaRequire = await sessions.create({ owner: "alice" });
      const viaGet = await sessions.create({ owner: "alice" });
      expect(viaRequire.expiresAt).toBe(viaRequire.createdAt + IDLE);
      clock.advance(IDLE - 1);
      expect(await sessions.isActive(viaRequire.id)).toBe(true);
      clock.advance(1);
      await expect(sessions.require(viaRequire.id)).rejects.toBeInstanceOf(SessionExpiredError);
      expect(await sessions.get(viaGet.id)).toBeNull();
      expect(
        eventsOf(events, "expired")
          .map((event) => event.handle)
          .sort(),
      ).toEqual([viaRequire.handle, viaGet.handle].sort());
      // Destroyed, not merely hidden: the records are gone and nothing revives them.
      expect(await scanAll(driver, { prefix: "default:s:" })).toEqual([]);
      expect(await sessions.get(viaRequire.id)).toBeNull();
      expect(await sessions.touch(viaGet.id)).toBe(false);
      expect(await sessions.getByOwner("alice")).toEqual([]);
    });

    it("renewal is stored only once the renewal threshold of the idle window has passed", async () => {
      const { sessions, clock, events } = await openManager(backend, {
        ttl: "1h",
        idleTimeout: "10m",
        renewal: { threshold: 0.5 },
      });
      const { id, handle, createdAt } = await sessions.create();
      clock.advance(4 * MINUTE);
      expect((await sessions.require(id)).expiresAt).toBe(createdAt + IDLE);
      expect((await sessions.inspect(handle))?.expiresAt).toBe(createdAt + IDLE);
      expect(eventsOf(events, "renewed")).toEqual([]);

      clock.advance(MINUTE);
      expect((await sessions.require(id)).expiresAt).toBe(clock.now() + IDLE);
      expect((await sessions.inspect(handle))?.expiresAt).toBe(clock.now() + IDLE);
      expect(eventsOf(events, "renewed")).toMatchObject([
        { handle, expiresAt: clock.now() + IDLE },
      ]);

      // Active just before each idle deadline: alive past the first deadline.
      clock.advance(IDLE - 1);
      expect((await sessions.get(id))?.expiresAt).toBe(clock.now() + IDLE);
    });

    it("renewal never extends a session past its absolute ttl", async () => {
      const { sessions, clock, events } = await openManager(backend, {
        ttl: "1h",
        idleTimeout: "10m",
        renewal: { threshold: 0 },
        clockTolerance: 0,
      });
      const { id, handle, createdAt } = await sessions.create();
      for (let elapsed = 9 * MINUTE; elapsed < HOUR; elapsed += 9 * MINUTE) {
        clock.set(createdAt + elapsed);
        const session = await sessions.require(id);
        expect(session.expiresAt).toBe(Math.min(clock.now() + IDLE, createdAt + HOUR));
        expect(session.absoluteExpiresAt).toBe(createdAt + HOUR);
      }
      clock.set(createdAt + HOUR - 5 * MINUTE);
      expect(await sessions.touch(id)).toBe(true);
      expect((await sessions.inspect(handle))?.expiresAt).toBe(createdAt + HOUR);
      clock.set(createdAt + HOUR);
      await expect(sessions.require(id)).rejects.toBeInstanceOf(SessionExpiredError);
      expect(eventsOf(events, "expired")).toMatchObject([{ handle }]);
    });

    it("a session expired for less than clockTolerance reads as expired but stays stored until it has passed", async () => {
      const { sessions, clock, events, driver } = await openManager(backend, {
        ttl: "1h",
        clockTolerance: "5m",
      });
      const { id, handle, createdAt } = await sessions.create({ owner: "alice", data: { n: 1 } });
      clock.set(createdAt + HOUR);
      expect(await sessions.get(id)).toBeNull();
      expect(await sessions.touch(id)).toBe(false);
      await expect(sessions.update(id, { n: 2 })).rejects.toBeInstanceOf(SessionExpiredError);
      expect(await sessions.getByOwner("alice")).toEqual([]);
      expect(await sessions.cleanup()).toEqual({ removed: 0 });
      // Kept for a process whose clock is up to 5 minutes behind: unchanged, not revived.
      const kept = await scanAll(driver, { prefix: "default:s:" });
      expect(kept.map((record) => record.version)).toEqual([1]);
      expect(eventsOf(events, "expired")).toEqual([]);

      clock.set(createdAt + HOUR + 5 * MINUTE);
      expect(await sessions.get(id)).toBeNull();
      expect(eventsOf(events, "expired")).toMatchObject([{ handle }]);
      expect(await scanAll(driver, { prefix: "default:s:" })).toEqual([]);
    });
  });
}
