import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { HOUR } from "../fixtures.js";
import { scanAll } from "../readers.js";
import { eventsOf, openManager } from "./fixture.js";

/** `cleanup()` sweeps expired sessions, in batches, and nothing else. */
export function cleanupChecks(backend: Backend): void {
  describe("cleanup", () => {
    it("cleanup removes expired sessions only, in batches", async () => {
      const { sessions, clock, driver, events } = await openManager(backend, {
        ttl: "1d",
        cleanup: { probability: 0, batchSize: 2 },
      });
      for (let index = 0; index < 5; index++) await sessions.create({ ttl: "1h", data: { index } });
      const kept = [await sessions.create({ owner: "alice" }), await sessions.create()];
      clock.advance(2 * HOUR);
      expect(await sessions.cleanup()).toEqual({ removed: 5 });
      expect(eventsOf(events, "cleanup")).toMatchObject([{ removed: 5 }]);
      expect(await scanAll(driver)).toHaveLength(kept.length);
      for (const session of kept) expect(await sessions.isActive(session.id)).toBe(true);
      expect(await sessions.cleanup()).toEqual({ removed: 0 });
    });
  });
}
