import type { SessionDriver, StoredSession } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend, DriverFixture } from "../backend.js";
import { MINUTE } from "../fixtures.js";
import { scanAll, sortedKeys } from "../readers.js";

// deleteExpired must end: a driver reporting full batches forever fails instead of hanging.
const MAX_BATCHES = 100;

/** Records of one app expiring at `now` or just before, and records outliving `now`. */
function population(fixture: DriverFixture, now: number, app: string, dead: number, live: number) {
  return {
    expired: fixture.records({
      app,
      count: dead,
      name: "dead",
      init: (i) => ({ expiresAt: now - (i % 2) }),
    }),
    alive: fixture.records({
      app,
      count: live,
      name: "live",
      init: (i) => ({ expiresAt: now + 1 + i }),
    }),
  };
}

/** Calls deleteExpired until a short batch; returns the batch sizes. */
async function drain(
  driver: SessionDriver,
  now: number,
  options: { limit: number; prefix?: string },
) {
  const batches: number[] = [];
  for (let call = 0; call < MAX_BATCHES; call++) {
    const removed = await driver.deleteExpired(now, options);
    batches.push(removed);
    if (removed < options.limit) return batches;
  }
  throw new Error(`deleteExpired still reported full batches after ${MAX_BATCHES} calls`);
}

async function expectStored(
  driver: SessionDriver,
  records: readonly StoredSession[],
  prefix?: string,
) {
  expect(sortedKeys(await scanAll(driver, prefix === undefined ? {} : { prefix }))).toEqual(
    sortedKeys(records),
  );
}

/** `deleteExpired` removes expired records only, honouring `limit` and `prefix`. */
export function deleteExpiredChecks(backend: Backend): void {
  describe("deleteExpired", () => {
    it("removes only expired records (expiresAt <= now) and says how many", async () => {
      const fixture = await backend.open();
      const { driver, t0 } = fixture;
      const now = t0 + 10 * MINUTE;
      const { expired, alive } = population(fixture, now, "default", 5, 4);
      await fixture.insert(...expired, ...alive);
      expect(await driver.deleteExpired(now)).toBe(5);
      await expectStored(driver, alive);
      for (const survivor of alive) expect(await driver.get(survivor.key, now)).toEqual(survivor);
      expect(await driver.deleteExpired(now)).toBe(0);
    });

    it("honours limit: batches never exceed it and add up to every expired record", async () => {
      const fixture = await backend.open();
      const { driver, t0 } = fixture;
      const now = t0 + 10 * MINUTE;
      const { expired, alive } = population(fixture, now, "default", 12, 3);
      await fixture.insert(...expired, ...alive);
      const batches = await drain(driver, now, { limit: 5 });
      // A short batch means nothing expired is left: core's sweeper stops on one.
      expect(batches).toEqual([5, 5, 2]);
      await expectStored(driver, alive);
    });

    it("honours prefix, alone and with limit", async () => {
      const fixture = await backend.open();
      const { driver, t0 } = fixture;
      const now = t0 + 10 * MINUTE;
      // "_" is a LIKE wildcard: "my_app:" must not reach "myXapp:" records.
      const mine = population(fixture, now, "my_app", 4, 2);
      const blog = population(fixture, now, "blog", 3, 2);
      const lookalike = population(fixture, now, "myXapp", 2, 1);
      await fixture.insert(
        ...[mine, blog, lookalike].flatMap((app) => [...app.expired, ...app.alive]),
      );
      expect(await driver.deleteExpired(now, { prefix: "my_app:" })).toBe(4);
      expect(await drain(driver, now, { limit: 2, prefix: "blog:" })).toEqual([2, 1]);
      await expectStored(driver, mine.alive, "my_app:");
      await expectStored(driver, blog.alive, "blog:");
      await expectStored(driver, [...lookalike.expired, ...lookalike.alive], "myXapp:");
    });
  });
}
