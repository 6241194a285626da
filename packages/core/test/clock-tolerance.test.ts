import { describe, expect, it } from "vitest";
import { ExpiredMemory } from "../src/expired-memory.js";
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

  it("a verdict of expired is final for the manager that gave it, even when its clock goes back", async () => {
    const { sessions, clock, driver } = setup({ clockTolerance: "5m" });
    const { id, handle } = await sessions.create({ owner: "alice", ttl: 1000 });
    clock.advance(1000);
    expect(await sessions.get(id)).toBeNull();
    clock.set(clock.now() - 60_000); // NTP steps the clock back a minute
    expect(await sessions.get(id)).toBeNull();
    expect(await sessions.touch(id)).toBe(false);
    expect(await sessions.getByOwner("alice")).toEqual([]);
    expect(await sessions.inspect(handle)).toBeNull();
    // Another manager (another process) that never saw it expire still serves it meanwhile.
    const other = createSessionManager({ driver, clock, ttl: "1h" });
    expect((await other.get(id))?.owner).toBe("alice");
  });
});

describe("ExpiredMemory", () => {
  it("forgets a handle once the tolerance has passed on its own clock, and holds at most its capacity", () => {
    const memory = new ExpiredMemory(100, 2);
    memory.remember("a", 0);
    expect(memory.has("a", 99)).toBe(true);
    expect(memory.has("a", 100)).toBe(false);
    expect(memory.has("a", 0)).toBe(false);
    memory.remember("a", 0);
    memory.remember("b", 0);
    memory.remember("c", 0);
    expect([memory.has("a", 1), memory.has("b", 1), memory.has("c", 1)]).toEqual([
      false,
      true,
      true,
    ]);
  });

  it("remembers nothing with a tolerance of 0 (records are removed at once)", () => {
    const memory = new ExpiredMemory(0);
    memory.remember("a", 0);
    expect(memory.has("a", -1_000)).toBe(false);
  });
});
