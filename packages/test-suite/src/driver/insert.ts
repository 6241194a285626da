import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { MINUTE, ownerKey } from "../fixtures.js";

const WRITERS = 20;

/** `insert` never overwrites a live record, replaces a dead one, and is atomic. */
export function insertChecks(backend: Backend): void {
  describe("insert", () => {
    it("insert of a live key returns false and leaves the stored record unchanged", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const first = record("taken");
      await insert(first);
      const intruder = record("taken", {
        owner: ownerKey("mallory"),
        payload: "other",
        version: 7,
      });
      expect(await driver.insert(intruder, t0 + MINUTE)).toBe(false);
      expect(await driver.get(first.key, t0 + MINUTE)).toEqual(first);
      expect(await driver.listByOwner(ownerKey("mallory"), t0)).toEqual([]);
    });

    it("insert replaces a dead record (expiresAt <= now) and its owner entry", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const dead = record("reused", { expiresAt: t0 + 10 * MINUTE });
      await insert(dead);
      const now = dead.expiresAt;
      const fresh = record("reused", {
        owner: ownerKey("bob"),
        payload: "fresh",
        createdAt: now,
        expiresAt: now + 10 * MINUTE,
      });
      expect(await driver.insert(fresh, now)).toBe(true);
      expect(await driver.get(fresh.key, now)).toEqual(fresh);
      expect(await driver.listByOwner(ownerKey("bob"), now)).toEqual([fresh]);
      expect(await driver.listByOwner(ownerKey("alice"), dead.expiresAt - 1)).toEqual([]);
    });

    it(`exactly one of ${WRITERS} concurrent inserts of one key wins, on a free key and over a dead record`, async () => {
      const { driver, t0, record } = await backend.open();
      const racers = (now: number) =>
        Array.from({ length: WRITERS }, (_, index) =>
          record("contested", {
            payload: `writer ${index}`,
            createdAt: now,
            expiresAt: now + 10 * MINUTE,
          }),
        );
      // The second round races over the first round's winner once it is dead.
      for (const now of [t0, t0 + 10 * MINUTE]) {
        const candidates = racers(now);
        const results = await Promise.all(
          candidates.map((candidate) => driver.insert(candidate, now)),
        );
        expect(results.filter(Boolean), `winners at ${now - t0} ms`).toHaveLength(1);
        expect(await driver.get(candidates[0]!.key, now)).toEqual(
          candidates[results.indexOf(true)],
        );
      }
    });
  });
}
