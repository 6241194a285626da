import { describe, expect, it } from "vitest";
import { SessionExpiredError } from "../src/index.js";
import { eventTypes, setup } from "./helpers.js";

const MINUTE = 60_000;

describe("expiry and renewal", () => {
  it("enforces the idle timeout and the absolute ttl together", async () => {
    const { sessions, clock } = setup({ ttl: "1h", idleTimeout: "10m" });
    const { id, createdAt } = await sessions.create();
    expect((await sessions.get(id))?.expiresAt).toBe(createdAt + 10 * MINUTE);
    // Idle for exactly the window: dead at the deadline.
    clock.advance(10 * MINUTE);
    await expect(sessions.require(id)).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it("renews the idle window only after the renewal threshold has passed", async () => {
    const { sessions, clock, events } = setup({
      ttl: "1h",
      idleTimeout: "10m",
      renewal: { threshold: 0.5 },
    });
    const { id, createdAt } = await sessions.create();
    clock.advance(4 * MINUTE);
    expect((await sessions.require(id)).expiresAt).toBe(createdAt + 10 * MINUTE);
    expect(eventTypes(events)).not.toContain("renewed");
    clock.advance(1 * MINUTE);
    const renewed = await sessions.require(id);
    expect(renewed.expiresAt).toBe(clock.now() + 10 * MINUTE);
    expect(renewed.lastSeenAt).toBe(clock.now());
    expect(events.at(-1)).toMatchObject({ type: "renewed", expiresAt: clock.now() + 10 * MINUTE });
  });

  it("keeps an active session alive through many idle windows but never past ttl", async () => {
    const { sessions, clock } = setup({ ttl: "1h", idleTimeout: "10m", renewal: { threshold: 0 } });
    const { id, createdAt } = await sessions.create();
    for (let elapsed = 0; elapsed < 55; elapsed += 9) {
      clock.set(createdAt + elapsed * MINUTE);
      const session = await sessions.require(id);
      expect(session.expiresAt).toBeLessThanOrEqual(createdAt + 60 * MINUTE);
    }
    clock.set(createdAt + 59 * MINUTE);
    expect((await sessions.require(id)).expiresAt).toBe(createdAt + 60 * MINUTE);
    clock.set(createdAt + 60 * MINUTE);
    expect(await sessions.get(id)).toBeNull();
  });

  it("touch extends the idle window, is a no-op without one, and false when gone", async () => {
    const idle = setup({ ttl: "1h", idleTimeout: "10m" });
    const { id, createdAt } = await idle.sessions.create();
    idle.clock.advance(MINUTE);
    expect(await idle.sessions.touch(id)).toBe(true);
    expect((await idle.sessions.inspect((await idle.sessions.require(id)).handle))?.expiresAt).toBe(
      createdAt + 11 * MINUTE,
    );
    const plain = setup({ ttl: "1h" });
    const other = await plain.sessions.create();
    expect(await plain.sessions.touch(other.id)).toBe(true);
    expect((await plain.sessions.require(other.id)).expiresAt).toBe(other.expiresAt);
    plain.clock.advance(60 * MINUTE);
    expect(await plain.sessions.touch(other.id)).toBe(false);
  });

  it("updates renew the idle window in the same write", async () => {
    const { sessions, clock } = setup({ ttl: "1h", idleTimeout: "10m" });
    const { id } = await sessions.create({ data: { n: 1 } });
    clock.advance(2 * MINUTE);
    const updated = await sessions.update(id, { n: 2 });
    expect(updated.expiresAt).toBe(clock.now() + 10 * MINUTE);
  });

  it("never revives a session that expired between read and write", async () => {
    const { sessions, clock, driver } = setup({ ttl: "1h" });
    const { id } = await sessions.create({ data: { n: 1 } });
    const update = sessions.update(id, async (previous) => {
      clock.advance(60 * MINUTE);
      return { n: (previous.n as number) + 1 };
    });
    await expect(update).rejects.toBeInstanceOf(SessionExpiredError);
    expect(await driver.count(clock.now())).toBe(0);
  });
});
