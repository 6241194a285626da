import { describe, expect, it } from "vitest";
import { ConfigError, createSessionManager, memoryDriver } from "../src/index.js";
import { manualClock, setup, eventTypes as types } from "./helpers.js";

const FIVE_MINUTES = 5 * 60_000;

describe("clockTolerance: a process whose clock is ahead never removes a valid session", () => {
  it("by default an expired record is reported gone at once but removed only 5 minutes later", async () => {
    const { sessions, clock, driver, events } = setup({ clockTolerance: undefined });
    const { id } = await sessions.create({ ttl: 1000 });
    clock.advance(1000);
    // Expired for this process: no data, no revival through a write.
    expect(await sessions.get(id)).toBeNull();
    expect(await sessions.touch(id)).toBe(false);
    await expect(sessions.update(id, { a: 1 })).rejects.toMatchObject({ code: "SESSION_EXPIRED" });
    // ...but still stored, for a process up to 5 minutes behind, and no `expired` event yet.
    expect((await driver.scan({ limit: 10 })).records).toHaveLength(1);
    expect(types(events)).not.toContain("expired");
    expect(await sessions.cleanup()).toEqual({ removed: 0 });

    clock.advance(FIVE_MINUTES - 1);
    expect(await sessions.get(id)).toBeNull();
    expect((await driver.scan({ limit: 10 })).records).toHaveLength(1);
    clock.advance(1);
    expect(await sessions.get(id)).toBeNull();
    expect((await driver.scan({ limit: 10 })).records).toHaveLength(0);
    expect(types(events)).toContain("expired");
  });

  it("cleanup removes only records dead for longer than the tolerance", async () => {
    const { sessions, clock, driver } = setup({ clockTolerance: "2m" });
    await sessions.create({ ttl: 1000 });
    await sessions.create({ ttl: 1000 + 120_000 });
    await sessions.create({ ttl: "1h" });
    clock.advance(1000 + 120_000);
    expect(await sessions.cleanup()).toEqual({ removed: 1 });
    expect((await driver.scan({ limit: 10 })).records).toHaveLength(2);
  });

  it("a process 120 s ahead reading or cleaning leaves the session to the process on time", async () => {
    const driver = memoryDriver();
    const onTime = manualClock();
    const ahead = { now: () => onTime.now() + 120_000 };
    const a = createSessionManager({ driver, clock: onTime, ttl: "1h" });
    const b = createSessionManager({ driver, clock: ahead, ttl: "1h" });
    const { id } = await a.create({ data: { n: 1 } });
    onTime.advance(3_600_000 - 60_000);
    expect(await b.get(id)).toBeNull();
    await b.cleanup();
    expect((await a.get(id))?.data).toEqual({ n: 1 });
  });

  it("accepts 0 and durations, refuses anything else", () => {
    const driver = memoryDriver();
    expect(() => createSessionManager({ driver, clockTolerance: 0 })).not.toThrow();
    expect(() => createSessionManager({ driver, clockTolerance: "30s" })).not.toThrow();
    for (const bad of [-1, "soon", Number.NaN]) {
      expect(() => createSessionManager({ driver, clockTolerance: bad as never })).toThrow(
        ConfigError,
      );
    }
  });
});
