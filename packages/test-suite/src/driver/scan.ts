import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { MINUTE } from "../fixtures.js";
import { scanPages, sortByKey } from "../readers.js";

const PAGE = 7;

/** Keys that occur more than once. */
function duplicates(keys: readonly string[]): string[] {
  return keys.filter((key, index) => keys.indexOf(key) !== index);
}

/** `scan` pages cover every record exactly once; `count` counts live records. */
export function scanChecks(backend: Backend): void {
  describe("scan and count", () => {
    it("scan of an empty namespace returns one empty page without a cursor", async () => {
      const { driver } = await backend.open();
      expect(await driver.scan({ limit: PAGE })).toEqual({ records: [] });
    });

    it(`scan pages of ${PAGE} cover 50 records exactly once`, async () => {
      const fixture = await backend.open();
      const records = fixture.records({ app: "default", count: 50 });
      await fixture.insert(...records);
      const pages = await scanPages(fixture.driver, { limit: PAGE });
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(PAGE);
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(50 / PAGE));
      const seen = pages.flat();
      expect(duplicates(seen.map((record) => record.key))).toEqual([]);
      expect(sortByKey(seen)).toEqual(sortByKey(records));
    });

    it("scan with a prefix returns exactly the records under it", async () => {
      const fixture = await backend.open();
      // "_" is a LIKE wildcard: a driver that does not escape it lets my_app see myXapp.
      const mine = fixture.records({ app: "my_app", count: 20 });
      const lookalike = fixture.records({ app: "myXapp", count: 15 });
      const longer = fixture.records({ app: "my_apps", count: 5 });
      await fixture.insert(...mine, ...lookalike, ...longer);
      const scan = async (prefix: string) =>
        (await scanPages(fixture.driver, { prefix, limit: PAGE })).flat();
      expect(sortByKey(await scan("my_app:"))).toEqual(sortByKey(mine));
      expect(sortByKey(await scan("myXapp:s:"))).toEqual(sortByKey(lookalike));
      expect(await scan("nothing:")).toEqual([]);
    });

    it("records present for the whole scan appear exactly once despite writes between pages", async () => {
      const fixture = await backend.open();
      const { driver } = fixture;
      const records = fixture.records({ app: "default", count: 30 });
      await fixture.insert(...records);
      const seen = new Set<string>();
      const removed = new Set<string>();
      let added = 0;
      const pages = await scanPages(driver, { limit: PAGE }, async (page) => {
        for (const record of page) seen.add(record.key);
        // Remove two records not returned yet, and add two new ones.
        const unseen = records.filter(
          (record) => !seen.has(record.key) && !removed.has(record.key),
        );
        for (const victim of unseen.slice(0, 2)) {
          removed.add(victim.key);
          expect(await driver.delete(victim.key)).toBe(true);
        }
        await fixture.insert(
          fixture.record(`added-${added++}`),
          fixture.record(`added-${added++}`),
        );
      });
      const keys = pages.flat().map((record) => record.key);
      for (const record of records.filter((candidate) => !removed.has(candidate.key))) {
        expect(
          keys.filter((key) => key === record.key),
          `occurrences of ${record.key}`,
        ).toHaveLength(1);
      }
      expect(removed.size).toBeGreaterThan(0);
    });

    it("count counts live records only, under a prefix when given", async () => {
      const fixture = await backend.open();
      const { driver, t0 } = fixture;
      const now = t0 + 10 * MINUTE;
      const mine = fixture.records({ app: "my_app", count: 5 });
      const dead = fixture.records({
        app: "my_app",
        count: 2,
        name: "dead",
        init: (index) => ({ expiresAt: now - index }),
      });
      const lookalike = fixture.records({ app: "myXapp", count: 3 });
      await fixture.insert(...mine, ...dead, ...lookalike);
      expect(await driver.count(now)).toBe(8);
      expect(await driver.count(now, { prefix: "my_app:" })).toBe(5);
      expect(await driver.count(now, { prefix: "myXapp:s:" })).toBe(3);
      expect(await driver.count(now, { prefix: "nothing:" })).toBe(0);
      expect(await driver.count(now - 1, { prefix: "my_app:" })).toBe(6);
      expect(await driver.count(mine[0]!.expiresAt)).toBe(0);
    });
  });
}
