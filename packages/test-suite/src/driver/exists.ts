import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { HOUR, MINUTE, sessionKey } from "../fixtures.js";
import { scanAll } from "../readers.js";

/**
 * The optional `exists`: `true` exactly when `get` would return a record, and it changes
 * nothing. A driver without it is reported as skipped here, visibly (core then uses `get`).
 */
export function existsChecks(backend: Backend): void {
  describe("exists (optional)", () => {
    it("exists agrees with get: missing, live, at and past expiresAt, touched, deleted", async (context) => {
      const { driver, t0, record, insert } = await backend.open();
      if (typeof driver.exists !== "function") {
        context.skip("the driver has no exists(); core reads with get() instead");
        return;
      }
      expect(await driver.exists(sessionKey("never-stored"), t0)).toBe(false);
      const expiresAt = t0 + 10 * MINUTE;
      const short = record("short", { expiresAt });
      const other = record("other");
      await insert(short, other);
      expect(await driver.exists(short.key, t0)).toBe(true);
      expect(await driver.exists(short.key, expiresAt - 1)).toBe(true);
      expect(await driver.exists(short.key, expiresAt)).toBe(false);
      expect(await driver.exists(short.key, expiresAt + HOUR)).toBe(false);
      // It reads only: the record is unchanged, and a dead one is not removed by it either.
      expect(await driver.get(short.key, expiresAt - 1)).toEqual(short);
      expect(await driver.touch(short.key, expiresAt + HOUR, t0 + MINUTE)).toBe(true);
      expect(await driver.exists(short.key, expiresAt)).toBe(true);
      expect(await driver.exists(short.key, expiresAt + HOUR)).toBe(false);
      expect(await driver.delete(short.key)).toBe(true);
      expect(await driver.exists(short.key, t0)).toBe(false);
      expect(await driver.exists(other.key, t0)).toBe(true);
      expect(await scanAll(driver)).toEqual([other]);
    });
  });
}
