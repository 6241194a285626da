import type { StoredSession } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { MINUTE, ownerKey, sessionKey } from "../fixtures.js";
import { scanAll } from "../readers.js";

/**
 * Calls issued together, without awaiting each other (what 64 requests in flight do): a
 * driver may group them into one backend call, but each must get exactly the answer it would
 * get alone, repeated keys and different `now`s included. Only calls of one kind, or on
 * different keys, are issued together: the contract orders nothing else.
 */
export function sameTickChecks(backend: Backend): void {
  describe("calls issued together", () => {
    it("reads: each get and exists answers for its own key and now", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const expiresAt = t0 + 10 * MINUTE;
      const live = record("live");
      const short = record("short", { expiresAt, owner: null });
      await insert(live, short);
      const missing = sessionKey("never-stored");
      const reads: [string, number, StoredSession | null][] = [
        [live.key, t0, live],
        [missing, t0, null],
        [short.key, expiresAt - 1, short],
        [live.key, t0 + MINUTE, live],
        [short.key, expiresAt, null],
        [short.key, t0, short],
        [missing, t0 + MINUTE, null],
      ];
      const got = await Promise.all(reads.map(([key, now]) => driver.get(key, now)));
      expect(got).toEqual(reads.map(([, , expected]) => expected));
      if (typeof driver.exists === "function") {
        const exists = driver.exists.bind(driver);
        const found = await Promise.all(reads.map(([key, now]) => exists(key, now)));
        expect(found).toEqual(reads.map(([, , expected]) => expected !== null));
      }
    });

    it("deletes: of two deletes of one key exactly one is true; the others are exact", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const [a, b, kept] = [record("a"), record("b", { owner: ownerKey("bob") }), record("kept")];
      await insert(a, b, kept);
      const keys = [a.key, b.key, a.key, sessionKey("never-stored")];
      const removed = await Promise.all(keys.map((key) => driver.delete(key)));
      expect([removed[0] !== removed[2], removed[0] || removed[2]]).toEqual([true, true]);
      expect([removed[1], removed[3]]).toEqual([true, false]);
      expect(await scanAll(driver)).toEqual([kept]);
      expect(await driver.listByOwner(ownerKey("alice"), t0)).toEqual([kept]);
      expect(await driver.listByOwner(ownerKey("bob"), t0)).toEqual([]);
    });

    it("writes on different keys: inserts, compare-and-sets and touches, each exact", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const taken = record("taken");
      const casOk = record("cas-ok");
      const casStale = record("cas-stale");
      const touched = record("touched");
      const gone = record("never-stored");
      await insert(taken, casOk, casStale, touched);
      const now = t0 + MINUTE;
      const fresh = [record("fresh-1"), record("fresh-2", { owner: ownerKey("bob") })];
      const inserts = Promise.all(
        [...fresh, { ...taken, payload: "intruder" }].map((r) => driver.insert(r, now)),
      );
      const casWritten = { ...casOk, payload: "written", owner: ownerKey("bob"), version: 2 };
      const cas = Promise.all([
        driver.compareAndSet(casWritten, 1, now),
        driver.compareAndSet({ ...casStale, payload: "stale", version: 3 }, 2, now),
        driver.compareAndSet({ ...gone, version: 2 }, 1, now),
      ]);
      const later = t0 + 2 * 60 * MINUTE;
      const touches = Promise.all([
        driver.touch(touched.key, later, now),
        driver.touch(gone.key, later, now),
      ]);
      expect(await inserts).toEqual([true, true, false]);
      expect(await cas).toEqual([true, false, false]);
      expect(await touches).toEqual([true, false]);

      const expected = [taken, casWritten, casStale, { ...touched, expiresAt: later }, ...fresh];
      const byKey = (x: StoredSession, y: StoredSession) => (x.key < y.key ? -1 : 1);
      expect((await scanAll(driver)).sort(byKey)).toEqual(expected.sort(byKey));
      const ofAlice = [taken, casStale, { ...touched, expiresAt: later }, fresh[0]!];
      expect((await driver.listByOwner(ownerKey("alice"), now)).sort(byKey)).toEqual(
        ofAlice.sort(byKey),
      );
      expect((await driver.listByOwner(ownerKey("bob"), now)).sort(byKey)).toEqual(
        [casWritten, fresh[1]!].sort(byKey),
      );
    });
  });
}
