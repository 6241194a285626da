import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { MINUTE, ownerKey } from "../fixtures.js";
import { scanAll } from "../readers.js";

/** Two namespaces on one backend never see, count, sweep or clear each other's records. */
export function namespaceChecks(backend: Backend): void {
  describe("namespaces", () => {
    it("two namespaces on one backend never see each other's records", async () => {
      const first = await backend.open();
      const second = await backend.open();
      const now = first.t0;
      const mine = first.record("shared-key", { payload: "first" });
      const theirs = { ...mine, payload: "second" };
      const expiring = first.record("expiring", { expiresAt: now + MINUTE });
      await first.insert(mine, expiring);
      expect(await second.driver.get(mine.key, now)).toBeNull();
      expect(await second.driver.listByOwner(ownerKey("alice"), now)).toEqual([]);
      expect(await second.driver.count(now)).toBe(0);
      expect(await scanAll(second.driver)).toEqual([]);

      expect(await second.driver.insert(theirs, now), "same key, other namespace").toBe(true);
      expect(await second.driver.deleteExpired(now + MINUTE)).toBe(0);
      expect(await second.driver.deleteByOwner(ownerKey("alice"))).toBe(1);
      expect(await second.driver.delete(mine.key)).toBe(false);
      expect(await first.driver.get(mine.key, now)).toEqual(mine);
      expect(await first.driver.get(expiring.key, now)).toEqual(expiring);
      expect(await first.driver.count(now)).toBe(2);
    });

    it("clear() empties its own namespace and leaves the other intact", async () => {
      const first = await backend.open();
      const second = await backend.open();
      const now = first.t0;
      const mine = first.records({ count: 3 });
      const theirs = second.records({ count: 2, name: "theirs" });
      await first.insert(...mine);
      await second.insert(...theirs);
      await first.driver.clear();
      expect(await first.driver.count(now)).toBe(0);
      expect(await scanAll(first.driver)).toEqual([]);
      expect(await first.driver.listByOwner(ownerKey("alice"), now)).toEqual([]);
      for (const record of mine) expect(await first.driver.get(record.key, now)).toBeNull();
      expect(await second.driver.count(now)).toBe(2);
      for (const record of theirs) expect(await second.driver.get(record.key, now)).toEqual(record);
      // A cleared namespace is still usable.
      await first.insert(mine[0]!);
      expect(await first.driver.get(mine[0]!.key, now)).toEqual(mine[0]);
    });
  });
}
