import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { MINUTE, ownerKey, sessionKey } from "../fixtures.js";
import { scanAll } from "../readers.js";

const WRITERS = 20;

/** `compareAndSet`: a versioned, all-fields replace that never revives, and a conditional delete. */
export function compareAndSetChecks(backend: Backend): void {
  describe("compareAndSet", () => {
    it("with the stored version replaces the whole record, owner index included", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const unowned = record("cas", { owner: null });
      await insert(unowned);
      const now = t0 + MINUTE;
      const owned = {
        ...unowned,
        owner: ownerKey("alice"),
        payload: "v2",
        expiresAt: now + MINUTE,
        version: 2,
      };
      expect(await driver.compareAndSet(owned, 1, now)).toBe(true);
      expect(await driver.get(owned.key, now)).toEqual(owned);
      expect(await driver.listByOwner(ownerKey("alice"), now)).toEqual([owned]);

      const moved = { ...owned, owner: ownerKey("bob"), payload: "v3", version: 3 };
      expect(await driver.compareAndSet(moved, 2, now)).toBe(true);
      expect(await driver.get(moved.key, now)).toEqual(moved);
      expect(await driver.listByOwner(ownerKey("alice"), now)).toEqual([]);
      expect(await driver.listByOwner(ownerKey("bob"), now)).toEqual([moved]);
    });

    it("with a stale version returns false and changes nothing", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const original = record("cas", { version: 3 });
      await insert(original);
      for (const stale of [1, 2, 4]) {
        const attempt = { ...original, payload: `stale ${stale}`, version: stale + 1 };
        expect(await driver.compareAndSet(attempt, stale, t0), `expected version ${stale}`).toBe(
          false,
        );
      }
      expect(await driver.get(original.key, t0)).toEqual(original);
    });

    it("on a missing key returns false and creates nothing", async () => {
      const { driver, t0, record } = await backend.open();
      const ghost = record("never-stored", { version: 2 });
      expect(await driver.compareAndSet(ghost, 1, t0)).toBe(false);
      expect(await driver.get(ghost.key, t0)).toBeNull();
      expect(await driver.listByOwner(ownerKey("alice"), t0)).toEqual([]);
      expect(await scanAll(driver)).toEqual([]);
    });

    it("never revives a dead record (expiresAt <= now)", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const dead = record("cas", { expiresAt: t0 + 10 * MINUTE });
      await insert(dead);
      const now = dead.expiresAt;
      const revival = { ...dead, payload: "revived", expiresAt: now + 10 * MINUTE, version: 2 };
      expect(await driver.compareAndSet(revival, 1, now)).toBe(false);
      expect(await driver.get(dead.key, now)).toBeNull();
      expect(await driver.listByOwner(ownerKey("alice"), now)).toEqual([]);
      expect(await driver.get(dead.key, now - 1)).toEqual(dead);
    });

    it(`exactly one of ${WRITERS} concurrent calls expecting one version wins`, async () => {
      const { driver, t0, record, insert } = await backend.open();
      const original = record("contested");
      await insert(original);
      const candidates = Array.from({ length: WRITERS }, (_, index) => ({
        ...original,
        payload: `writer ${index}`,
        version: 2,
      }));
      const results = await Promise.all(
        candidates.map((candidate) => driver.compareAndSet(candidate, 1, t0)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await driver.get(original.key, t0)).toEqual(candidates[results.indexOf(true)]);
    });

    it("with expiresAt 0 deletes the record (a conditional delete)", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const doomed = record("cas-delete");
      const bystander = record("bystander");
      await insert(doomed, bystander);
      const tombstone = { ...doomed, expiresAt: 0, version: 2 };
      expect(await driver.compareAndSet(tombstone, 5, t0), "stale version").toBe(false);
      expect(await driver.get(doomed.key, t0)).toEqual(doomed);

      expect(await driver.compareAndSet(tombstone, 1, t0)).toBe(true);
      expect(await driver.get(doomed.key, t0)).toBeNull();
      expect(await driver.get(doomed.key, 0)).toBeNull();
      expect(await driver.listByOwner(ownerKey("alice"), t0)).toEqual([bystander]);
      expect(await driver.count(t0)).toBe(1);
      expect((await scanAll(driver)).map((stored) => stored.key)).toEqual([bystander.key]);
      expect(await driver.delete(doomed.key)).toBe(false);
      expect(await driver.compareAndSet({ ...tombstone, version: 3 }, 2, t0)).toBe(false);
      expect(await driver.get(sessionKey("bystander"), t0)).toEqual(bystander);
    });
  });
}
