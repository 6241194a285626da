import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { HOUR, MINUTE, ownerKey, sessionKey } from "../fixtures.js";
import { scanAll } from "../readers.js";

/** `get` of missing and expired records, and `touch`, which never creates nor revives. */
export function readChecks(backend: Backend): void {
  describe("get and touch", () => {
    it("get of a missing key resolves null", async () => {
      const { driver, t0 } = await backend.open();
      expect(await driver.get(sessionKey("never-stored"), t0)).toBeNull();
    });

    it("a record reads as null once now reaches expiresAt (equal included)", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const expiresAt = t0 + 10 * MINUTE;
      const short = record("short", { expiresAt });
      await insert(short);
      expect(await driver.get(short.key, expiresAt - 1)).toEqual(short);
      expect(await driver.get(short.key, expiresAt)).toBeNull();
      expect(await driver.get(short.key, expiresAt + 1)).toBeNull();
      expect(await driver.listByOwner(ownerKey("alice"), expiresAt)).toEqual([]);
      expect(await driver.count(expiresAt)).toBe(0);
    });

    it("touch of a missing key returns false and stores nothing", async () => {
      const { driver, t0 } = await backend.open();
      const key = sessionKey("never-stored");
      expect(await driver.touch(key, t0 + HOUR, t0)).toBe(false);
      expect(await driver.get(key, t0)).toBeNull();
      expect(await driver.count(t0)).toBe(0);
      expect(await scanAll(driver)).toEqual([]);
    });

    it("touch never revives an expired record", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const expiresAt = t0 + 10 * MINUTE;
      const short = record("short", { expiresAt });
      await insert(short);
      expect(await driver.touch(short.key, expiresAt + HOUR, expiresAt)).toBe(false);
      expect(await driver.touch(short.key, expiresAt + HOUR, expiresAt + MINUTE)).toBe(false);
      expect(await driver.get(short.key, expiresAt)).toBeNull();
      expect(await driver.get(short.key, expiresAt + MINUTE)).toBeNull();
      // The stored deadline is unchanged: seen from before it, the record is as inserted.
      expect(await driver.get(short.key, expiresAt - 1)).toEqual(short);
    });

    it("touch of a live record moves expiresAt and nothing else", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const live = record("live");
      await insert(live);
      const later = live.expiresAt + HOUR;
      expect(await driver.touch(live.key, later, t0 + MINUTE)).toBe(true);
      expect(await driver.get(live.key, live.expiresAt)).toEqual({ ...live, expiresAt: later });
      expect(await driver.get(live.key, later)).toBeNull();
      expect(await driver.listByOwner(ownerKey("alice"), live.expiresAt)).toEqual([
        { ...live, expiresAt: later },
      ]);
    });
  });
}
