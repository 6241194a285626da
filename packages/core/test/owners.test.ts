import { describe, expect, it } from "vitest";
import { createSessionManager, memoryDriver, OwnerBusyError } from "../src/index.js";
import { manualClock, setup } from "./helpers.js";

const MINUTE = 60_000;

describe("owners", () => {
  it("lists and revokes an owner's sessions by handle, never exposing tokens", async () => {
    const { sessions, clock, events } = setup();
    const first = await sessions.create({ owner: "alice", meta: { device: "laptop" } });
    clock.advance(1000);
    const second = await sessions.create({ owner: "alice", meta: { device: "phone" } });
    await sessions.create({ owner: "bob" });

    const listed = await sessions.getByOwner("alice");
    expect(listed.map((info) => info.handle)).toEqual([first.handle, second.handle]);
    expect(listed.map((info) => info.meta?.device)).toEqual(["laptop", "phone"]);
    expect(JSON.stringify(listed)).not.toContain(first.id);
    expect(listed[0]).not.toHaveProperty("id");
    expect(listed[0]).not.toHaveProperty("data");

    expect(await sessions.inspect(first.handle)).toMatchObject({
      handle: first.handle,
      status: "active",
    });
    expect(await sessions.revoke(first.handle)).toBe(true);
    expect(await sessions.revoke(first.handle)).toBe(false);
    expect(await sessions.inspect(first.handle)).toBeNull();
    expect(await sessions.get(first.id)).toBeNull();
    expect(events.at(-1)).toMatchObject({
      type: "destroyed",
      reason: "revoked",
      handle: first.handle,
    });
    await expect(sessions.revoke("not a handle")).rejects.toMatchObject({
      code: "INVALID_SESSION_ID",
    });
  });

  it("destroyByOwner logs out everywhere, optionally except the current session", async () => {
    const { sessions, clock } = setup();
    // An expired, unswept session of alice: swept along but not counted as destroyed.
    await sessions.create({ owner: "alice", ttl: 1 });
    clock.advance(1);
    const keep = await sessions.create({ owner: "alice" });
    await sessions.create({ owner: "alice" });
    await sessions.create({ owner: "alice" });
    const bob = await sessions.create({ owner: "bob" });
    expect(await sessions.destroyByOwner("alice", { except: keep.id })).toBe(2);
    expect((await sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([keep.handle]);
    expect(await sessions.destroyByOwner("alice")).toBe(1);
    expect(await sessions.getByOwner("alice")).toEqual([]);
    expect(await sessions.isActive(bob.id)).toBe(true);
  });

  it("maxSessionsPerOwner evicts the oldest sessions", async () => {
    const { sessions, clock, events } = setup({ maxSessionsPerOwner: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await sessions.create({ owner: "alice" })).id);
      clock.advance(1000);
    }
    expect(await sessions.isActive(ids[0]!)).toBe(false);
    expect(await sessions.isActive(ids[1]!)).toBe(false);
    expect(await sessions.isActive(ids[2]!)).toBe(true);
    expect(await sessions.isActive(ids[3]!)).toBe(true);
    expect(
      events.filter((event) => event.type === "destroyed" && event.reason === "evicted"),
    ).toHaveLength(2);
  });

  it("maxSessionsPerOwner holds under concurrent creates", async () => {
    const { sessions } = setup({ maxSessionsPerOwner: 3 });
    // Same clock reading for all twelve: ties are ranked by key, the same way everywhere.
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => sessions.create({ owner: "alice" })),
    );
    const live = await sessions.getByOwner("alice");
    expect(live.length).toBe(3);
    const created = results.flatMap((result) =>
      result.status === "fulfilled" ? [result.value.handle] : [],
    );
    // Every create that resolved returned a session that is still alive.
    expect(created.every((handle) => live.some((info) => info.handle === handle))).toBe(true);
    for (const result of results) {
      if (result.status === "rejected")
        expect(result.reason).toMatchObject({ code: "SESSION_CONFLICT" });
    }
  });

  describe("uniquePerOwner with a takeover window", () => {
    it("refuses a second session while the first is young, takes over after", async () => {
      const { sessions, clock, events } = setup({ uniquePerOwner: { takeoverAfter: "5m" } });
      const first = await sessions.create({ owner: "alice", data: { n: 1 } });
      clock.advance(4 * MINUTE);
      const refused = await sessions.create({ owner: "alice" }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OwnerBusyError);
      expect((refused as OwnerBusyError).retryAfterMs).toBe(MINUTE);
      // Other owners are not affected.
      await sessions.create({ owner: "bob" });

      clock.advance(MINUTE);
      const second = await sessions.create({ owner: "alice" });
      expect(await sessions.get(first.id)).toBeNull();
      expect((await sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([
        second.handle,
      ]);
      expect(events.find((event) => event.type === "takeover")).toMatchObject({
        handle: second.handle,
        previousHandle: first.handle,
        owner: "alice",
      });
    });

    it("never leaves two live sessions under concurrent creates", async () => {
      const { sessions, clock } = setup({ uniquePerOwner: { takeoverAfter: "5m" } });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => sessions.create({ owner: "alice" })),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect((await sessions.getByOwner("alice")).length).toBe(1);
      clock.advance(6 * MINUTE);
      const later = await Promise.allSettled(
        Array.from({ length: 10 }, () => sessions.create({ owner: "alice" })),
      );
      expect(later.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect((await sessions.getByOwner("alice")).length).toBe(1);
    });

    it("takeoverAfter 0: the newest login always wins", async () => {
      const { sessions } = setup({ uniquePerOwner: { takeoverAfter: 0 } });
      const first = await sessions.create({ owner: "alice" });
      const second = await sessions.create({ owner: "alice" });
      expect(await sessions.isActive(first.id)).toBe(false);
      expect(await sessions.isActive(second.id)).toBe(true);
    });

    it("keeps protecting a session after regenerate and unlock move it", async () => {
      const { sessions, clock } = setup({ uniquePerOwner: { takeoverAfter: "5m" } });
      const first = await sessions.create({ owner: "alice", password: "pw" });
      const moved = await sessions.regenerate(first.id);
      clock.advance(MINUTE);
      await expect(sessions.create({ owner: "alice" })).rejects.toBeInstanceOf(OwnerBusyError);
      await sessions.lock(moved.id);
      const unlocked = await sessions.unlock(moved.id, "pw");
      await expect(sessions.create({ owner: "alice" })).rejects.toBeInstanceOf(OwnerBusyError);
      clock.advance(5 * MINUTE);
      await sessions.create({ owner: "alice" });
      expect(await sessions.isActive(unlocked.id)).toBe(false);
    });

    it("a session destroyed early frees the owner at once", async () => {
      const { sessions } = setup({ uniquePerOwner: { takeoverAfter: "5m" } });
      const first = await sessions.create({ owner: "alice" });
      await sessions.destroy(first.id);
      const second = await sessions.create({ owner: "alice" });
      expect(await sessions.isActive(second.id)).toBe(true);
    });
  });
});

describe("apps", () => {
  it("managers of different apps on one driver never see each other", async () => {
    const driver = memoryDriver();
    const clock = manualClock();
    const shop = createSessionManager({ driver, app: "shop", clock, clockTolerance: 0 });
    const blog = createSessionManager({ driver, app: "blog", clock, clockTolerance: 0 });
    const a = await shop.create({ owner: "alice" });
    const b = await blog.create({ owner: "alice", ttl: 1000 });
    expect(await shop.get(b.id)).toBeNull();
    expect(await blog.get(a.id)).toBeNull();
    expect((await shop.getByOwner("alice")).map((info) => info.handle)).toEqual([a.handle]);
    expect((await shop.list()).sessions).toHaveLength(1);
    expect(await shop.stats()).toEqual({ active: 1, locked: 0, owners: 1 });
    expect(await shop.destroyByOwner("alice")).toBe(1);
    expect(await blog.isActive(b.id)).toBe(true);
    clock.advance(1000);
    // Cleanup of one app never touches the other's expired records.
    expect(await shop.cleanup()).toEqual({ removed: 0 });
    expect(await blog.cleanup()).toEqual({ removed: 1 });
    expect(shop.app).toBe("shop");
    expect(shop.driverName).toBe("memory");
  });
});
