import { describe, expect, it } from "vitest";
import {
  ConfigError,
  createSessionManager,
  memoryDriver,
  SessionConflictError,
  SessionExpiredError,
  SessionNotFoundError,
} from "../src/index.js";
import { eventTypes, setup } from "./helpers.js";

describe("session lifecycle", () => {
  it("creates, reads, updates and destroys a session", async () => {
    const { sessions, clock, events } = setup();
    const created = await sessions.create({
      owner: "alice",
      data: { cart: ["apple"] },
      meta: { device: "phone" },
    });
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.handle).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.handle).not.toBe(created.id);
    expect(created).toMatchObject({
      owner: "alice",
      data: { cart: ["apple"] },
      createdAt: clock.now(),
      expiresAt: clock.now() + 3_600_000,
      absoluteExpiresAt: clock.now() + 3_600_000,
      lastSeenAt: clock.now(),
      version: 1,
      locked: false,
      meta: { device: "phone" },
    });

    clock.advance(1000);
    const read = await sessions.require(created.id);
    expect(read.data).toEqual({ cart: ["apple"] });

    const updated = await sessions.update(created.id, (previous) => ({
      cart: [...(previous.cart as string[]), "pear"],
    }));
    expect(updated.version).toBe(2);
    expect(updated.data).toEqual({ cart: ["apple", "pear"] });
    expect(updated.lastSeenAt).toBe(clock.now());
    expect((await sessions.get(created.id))?.data).toEqual({ cart: ["apple", "pear"] });

    const replaced = await sessions.update(created.id, { cart: [] }, { expectedVersion: 2 });
    expect(replaced.version).toBe(3);

    expect(await sessions.isActive(created.id)).toBe(true);
    expect(await sessions.timeRemaining(created.id)).toBe(3_600_000 - 1000);
    expect(await sessions.elapsed(created.id)).toBe(1000);

    expect(await sessions.destroy(created.id)).toBe(true);
    expect(await sessions.destroy(created.id)).toBe(false);
    expect(await sessions.get(created.id)).toBeNull();
    await expect(sessions.require(created.id)).rejects.toBeInstanceOf(SessionNotFoundError);
    await expect(sessions.update(created.id, {})).rejects.toBeInstanceOf(SessionNotFoundError);
    expect(await sessions.isActive(created.id)).toBe(false);
    expect(await sessions.timeRemaining(created.id)).toBeNull();
    expect(await sessions.elapsed(created.id)).toBeNull();
    expect(eventTypes(events)).toEqual(["created", "destroyed"]);
  });

  it("defaults data to an empty object and accepts a per-session ttl", async () => {
    const { sessions, clock } = setup();
    const session = await sessions.create({ ttl: "5m" });
    expect(session.data).toEqual({});
    expect(session.owner).toBeNull();
    expect(session.expiresAt).toBe(clock.now() + 300_000);
  });

  it("rejects a stale expectedVersion with SessionConflictError and a conflict event", async () => {
    const { sessions, events } = setup();
    const { id } = await sessions.create({ data: { n: 0 } });
    await sessions.update(id, { n: 1 });
    await expect(sessions.update(id, { n: 2 }, { expectedVersion: 1 })).rejects.toBeInstanceOf(
      SessionConflictError,
    );
    expect(events.at(-1)).toMatchObject({ type: "conflict", operation: "update" });
    expect((await sessions.require(id)).data).toEqual({ n: 1 });
  });

  it("loses no increment with 20 concurrent function updates", async () => {
    const { sessions } = setup();
    const { id } = await sessions.create({ data: { n: 0 } });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        sessions.update(id, (previous) => ({ n: (previous.n as number) + 1 })),
      ),
    );
    const final = await sessions.require(id);
    expect(final.data).toEqual({ n: 20 });
    expect(final.version).toBe(21);
  });

  it("accepts async update functions", async () => {
    const { sessions } = setup();
    const { id } = await sessions.create({ data: { n: 1 } });
    const updated = await sessions.update(id, async (previous) => ({
      n: (previous.n as number) * 10,
    }));
    expect(updated.data).toEqual({ n: 10 });
  });

  it("gives concurrent expectedVersion writers exactly one winner", async () => {
    const { sessions } = setup();
    const { id } = await sessions.create({ data: { n: 0 } });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => sessions.update(id, { n: i }, { expectedVersion: 1 })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toBeInstanceOf(SessionConflictError);
    }
  });

  it("regenerates: new id, same data, old id dead", async () => {
    const { sessions, events } = setup();
    const original = await sessions.create({ owner: "bob", data: { role: "user" } });
    const regenerated = await sessions.regenerate(original.id);
    expect(regenerated.id).not.toBe(original.id);
    expect(regenerated.handle).not.toBe(original.handle);
    expect(regenerated.data).toEqual({ role: "user" });
    expect(regenerated.owner).toBe("bob");
    expect(regenerated.createdAt).toBe(original.createdAt);
    expect(await sessions.get(original.id)).toBeNull();
    await expect(sessions.regenerate(original.id)).rejects.toBeInstanceOf(SessionNotFoundError);
    expect(events.at(-1)).toMatchObject({
      type: "regenerated",
      handle: regenerated.handle,
      previousHandle: original.handle,
    });
  });

  it("lets only one of two concurrent regenerations win", async () => {
    const { sessions } = setup();
    const { id } = await sessions.create({ data: { a: 1 } });
    const results = await Promise.allSettled([sessions.regenerate(id), sessions.regenerate(id)]);
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect((await sessions.stats()).active).toBe(1);
  });

  it("rejects every call after close with a CLOSED store error, and close is idempotent", async () => {
    const { sessions } = setup();
    const { id } = await sessions.create();
    await sessions.close();
    await sessions.close();
    await expect(sessions.get(id)).rejects.toMatchObject({ code: "CLOSED" });
    await expect(sessions.create()).rejects.toMatchObject({ code: "CLOSED" });
    expect(() => sessions.export()).toThrow(/closed/);
  });

  it("validates options with ConfigError", () => {
    const driver = memoryDriver();
    const bad: Array<Record<string, unknown>> = [
      { ttl: "forever" },
      { idleTimeout: -5 },
      { renewal: { threshold: 2 } },
      { maxSessionsPerOwner: 0 },
      { maxDataBytes: 0 },
      { maxDataDepth: 1.5 },
      { unlockAttempts: { max: 0 } },
      { app: "has space" },
      { app: "" },
      { idFactory: "nope" },
      { validate: {} },
      { cleanup: { probability: 2 } },
      { cleanup: { intervalMs: 0 } },
      { cleanup: { batchSize: 0, probability: 0.1 } },
      { cleanup: { sometimes: true } },
      { uniquePerOwner: { takeoverAfter: "soon" } },
    ];
    for (const options of bad) {
      expect(
        () => createSessionManager({ driver, ...options } as never),
        JSON.stringify(options),
      ).toThrow(ConfigError);
    }
    expect(() => createSessionManager(null as never)).toThrow(ConfigError);
  });

  it("refuses bad create arguments before writing anything", async () => {
    const { sessions, driver, clock } = setup();
    await expect(sessions.create({ owner: "" })).rejects.toBeInstanceOf(ConfigError);
    await expect(sessions.create({ owner: "x".repeat(1025) })).rejects.toBeInstanceOf(ConfigError);
    await expect(sessions.create({ meta: [] as never })).rejects.toBeInstanceOf(ConfigError);
    await expect(sessions.create({ ttl: "never" as never })).rejects.toBeInstanceOf(ConfigError);
    expect(await driver.count(clock.now())).toBe(0);
  });

  it("uses a custom idFactory", async () => {
    let n = 0;
    const { sessions } = setup({
      idFactory: () => `custom-token-${String(++n).padStart(20, "0")}`,
    });
    const session = await sessions.create();
    expect(session.id).toBe(`custom-token-${"1".padStart(20, "0")}`);
    expect((await sessions.get(session.id))?.handle).toBe(session.handle);
  });

  it("fails with a store error when an idFactory keeps returning a taken id", async () => {
    const { sessions } = setup({ idFactory: () => "f".repeat(43) });
    await sessions.create();
    await expect(sessions.create()).rejects.toMatchObject({ code: "STORE_FAILURE" });
  });

  it("throws SessionExpiredError from require on an expired session and destroys it", async () => {
    const { sessions, clock, driver, events } = setup();
    const { id } = await sessions.create();
    clock.advance(3_600_000);
    await expect(sessions.require(id)).rejects.toBeInstanceOf(SessionExpiredError);
    expect(events.at(-1)).toMatchObject({ type: "expired" });
    // Destroyed on access: the record is physically gone.
    expect(await driver.scan({ limit: 10 })).toEqual({ records: [] });
    await expect(sessions.require(id)).rejects.toBeInstanceOf(SessionNotFoundError);
  });
});
