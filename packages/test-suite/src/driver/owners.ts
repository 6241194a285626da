import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { MINUTE, ownerKey, sessionKey } from "../fixtures.js";
import { sortByKey } from "../readers.js";

/** `delete`, and the owner index: `listByOwner` and `deleteByOwner`. */
export function ownerChecks(backend: Backend): void {
  describe("delete and owners", () => {
    it("delete returns true when it removed a record, false otherwise", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const doomed = record("doomed");
      await insert(doomed);
      expect(await driver.delete(doomed.key)).toBe(true);
      expect(await driver.get(doomed.key, t0)).toBeNull();
      expect(await driver.listByOwner(ownerKey("alice"), t0)).toEqual([]);
      expect(await driver.delete(doomed.key)).toBe(false);
      expect(await driver.delete(sessionKey("never-stored"))).toBe(false);
    });

    it("listByOwner returns the live records of that owner only", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const now = t0 + 10 * MINUTE;
      const alice = [record("alice-1"), record("alice-2"), record("alice-3")];
      const aliceDead = [
        record("alice-expired", { expiresAt: now - 1 }),
        record("alice-expiring-now", { expiresAt: now }),
      ];
      const others = [
        record("bob-1", { owner: ownerKey("bob") }),
        record("alice-other-app", { owner: ownerKey("alice", "other") }),
        record("unowned", { owner: null }),
      ];
      await insert(...alice, ...aliceDead, ...others);
      expect(sortByKey(await driver.listByOwner(ownerKey("alice"), now))).toEqual(sortByKey(alice));
      expect(await driver.listByOwner(ownerKey("bob"), now)).toEqual([others[0]]);
      expect(await driver.listByOwner(ownerKey("carol"), now)).toEqual([]);
    });

    it("deleteByOwner removes every record of the owner, counts them and leaves the others", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const alice = [record("alice-1"), record("alice-2"), record("alice-3")];
      const bob = record("bob", { owner: ownerKey("bob") });
      const unowned = record("unowned", { owner: null });
      await insert(...alice, bob, unowned);
      expect(await driver.deleteByOwner(ownerKey("alice"))).toBe(3);
      for (const gone of alice) expect(await driver.get(gone.key, t0)).toBeNull();
      expect(await driver.listByOwner(ownerKey("alice"), t0)).toEqual([]);
      expect(await driver.get(bob.key, t0)).toEqual(bob);
      expect(await driver.get(unowned.key, t0)).toEqual(unowned);
      expect(await driver.deleteByOwner(ownerKey("alice"))).toBe(0);
      expect(await driver.deleteByOwner(ownerKey("nobody"))).toBe(0);
      expect(await driver.count(t0)).toBe(2);
    });
  });
}
