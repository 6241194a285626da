import { afterEach, describe, expect, it, vi } from "vitest";
import { createEventLog, memoryDriver, type SessionDriver } from "../src/index.js";
import { setup } from "./helpers.js";

describe("events", () => {
  it("carry handles, owners and times, never tokens, passwords or data", async () => {
    const { sessions, events, clock } = setup({
      uniquePerOwner: { takeoverAfter: 0 },
      idleTimeout: "10m",
    });
    const secret = "canary-7f3a";
    const first = await sessions.create({
      owner: "alice",
      data: { secret },
      password: "pw-canary",
    });
    const second = await sessions.create({ owner: "alice", data: { secret } });
    clock.advance(6 * 60_000);
    await sessions.get(second.id);
    await sessions.lock(second.id, "pw-canary");
    await sessions.unlock(second.id, "wrong-password-canary").catch(() => undefined);
    const text = JSON.stringify(events);
    for (const forbidden of [first.id, second.id, secret, "pw-canary", "wrong-password-canary"]) {
      expect(text).not.toContain(forbidden);
    }
    expect(events.map((event) => event.type)).toEqual([
      "created",
      "takeover",
      "created",
      "renewed",
      "locked",
      "unlock-failed",
    ]);
    expect(events[0]).toMatchObject({ app: "default", at: expect.any(Number), owner: "alice" });
  });

  it("isolate the caller from a throwing listener and support unsubscribe", async () => {
    const { sessions } = setup();
    const seen: string[] = [];
    sessions.subscribe(() => {
      throw new Error("listener bug");
    });
    const stop = sessions.subscribe((event) => seen.push(event.type));
    await sessions.create();
    stop();
    await sessions.create();
    expect(seen).toEqual(["created"]);
  });

  it("createEventLog keeps the last N of errors, successes and debug events", async () => {
    const { sessions, clock } = setup({ ttl: 1000 });
    const log = createEventLog(sessions, { limit: 2 });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await sessions.create()).id);
    await sessions.update(ids[0]!, { a: 1 }, { expectedVersion: 9 }).catch(() => undefined);
    clock.advance(1000);
    await sessions.get(ids[1]!);
    await sessions.cleanup();
    expect(log.successful.map((event) => event.type)).toEqual(["created", "created"]);
    expect(log.errors.map((event) => event.type)).toEqual(["conflict"]);
    expect(log.debug.map((event) => event.type)).toEqual(["expired", "cleanup"]);
    log.stop();
    await sessions.create();
    expect(log.successful).toHaveLength(2);
  });
});

describe("cleanup", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("removes expired records only, in batches", async () => {
    const { sessions, clock, driver } = setup({ cleanup: { probability: 0, batchSize: 3 } });
    for (let i = 0; i < 10; i++) await sessions.create({ ttl: i < 7 ? 1000 : "1h" });
    clock.advance(1000);
    expect(await sessions.cleanup()).toEqual({ removed: 7 });
    expect(await driver.count(clock.now())).toBe(3);
    expect((await driver.scan({ limit: 100 })).records).toHaveLength(3);
  });

  it("sweeps in the background on the configured fraction of calls", async () => {
    let draw = 0.5;
    const { sessions, clock, driver, events } = setup({
      cleanup: { probability: 0.1, random: () => draw },
    });
    await sessions.create({ ttl: 1000 });
    clock.advance(1000);
    await sessions.create();
    expect((await driver.scan({ limit: 10 })).records).toHaveLength(2);
    draw = 0.05;
    await sessions.stats();
    await vi.waitFor(() => expect(events.some((event) => event.type === "cleanup")).toBe(true));
    expect((await driver.scan({ limit: 10 })).records).toHaveLength(1);
  });

  it("reports a failing background sweep as an error event, never failing the call", async () => {
    const failing: SessionDriver = {
      ...memoryDriver(),
      deleteExpired: async () => {
        throw new Error("backend down");
      },
    };
    const { sessions, events } = setup({ driver: failing, cleanup: { probability: 1 } });
    const session = await sessions.create();
    expect(session.version).toBe(1);
    await vi.waitFor(() => expect(events.some((event) => event.type === "error")).toBe(true));
    expect(events.find((event) => event.type === "error")).toMatchObject({
      operation: "cleanup",
      error: { code: "STORE_FAILURE" },
    });
    await expect(sessions.cleanup()).rejects.toMatchObject({ code: "STORE_FAILURE" });
  });

  it("runs on an unref'd interval and stops on close", async () => {
    vi.useFakeTimers();
    const { sessions, clock, driver } = setup({ cleanup: { intervalMs: 60_000 } });
    await sessions.create({ ttl: 1000 });
    clock.advance(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await driver.count(0)).toBe(0);
    await sessions.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
