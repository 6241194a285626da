import { describe, expect, it } from "vitest";
import {
  InvalidPasswordError,
  SessionLockedError,
  SessionNotFoundError,
  TooManyAttemptsError,
} from "../src/index.js";
import { setup } from "./helpers.js";

const MINUTE = 60_000;

describe("password-locked sessions", () => {
  it("hides data and refuses writes while locked; unlock returns a new id", async () => {
    const { sessions, events } = setup();
    const created = await sessions.create({ owner: "alice", data: { secret: "cart" } });
    const locked = await sessions.lock(created.id, "correct horse");
    expect(locked).toMatchObject({ id: created.id, locked: true, data: null, version: 2 });

    const seen = await sessions.get(created.id);
    expect(seen).toMatchObject({ locked: true, data: null });
    await expect(sessions.require(created.id)).rejects.toBeInstanceOf(SessionLockedError);
    await expect(sessions.update(created.id, { secret: "x" })).rejects.toBeInstanceOf(
      SessionLockedError,
    );
    await expect(sessions.regenerate(created.id)).rejects.toBeInstanceOf(SessionLockedError);
    expect((await sessions.list()).sessions[0]?.status).toBe("locked");
    expect(await sessions.stats()).toEqual({ active: 0, locked: 1, owners: 1 });
    // Locking twice is harmless.
    expect((await sessions.lock(created.id)).locked).toBe(true);

    const unlocked = await sessions.unlock(created.id, "correct horse");
    expect(unlocked.id).not.toBe(created.id);
    expect(unlocked.data).toEqual({ secret: "cart" });
    expect(unlocked.locked).toBe(false);
    expect(await sessions.get(created.id)).toBeNull();
    expect(events.map((event) => event.type)).toEqual(["created", "locked", "unlocked"]);
    // Unlocking an unlocked session returns it as it is.
    expect((await sessions.unlock(unlocked.id, "anything")).id).toBe(unlocked.id);
  });

  it("needs a password to lock a session created without one", async () => {
    const { sessions } = setup();
    const { id } = await sessions.create();
    await expect(sessions.lock(id)).rejects.toBeInstanceOf(InvalidPasswordError);
    await expect(sessions.lock(id, "")).rejects.toBeInstanceOf(InvalidPasswordError);
    await expect(sessions.lock(id, "x".repeat(1025))).rejects.toBeInstanceOf(InvalidPasswordError);
  });

  it("requirePassword: create without a password is refused; locked: true starts locked", async () => {
    const { sessions } = setup({ requirePassword: true });
    await expect(sessions.create()).rejects.toBeInstanceOf(InvalidPasswordError);
    await expect(setup().sessions.create({ locked: true })).rejects.toBeInstanceOf(
      InvalidPasswordError,
    );
    const locked = await sessions.create({ password: "pw", locked: true, data: { a: 1 } });
    expect(locked).toMatchObject({ locked: true, data: null });
    const open = await sessions.unlock(locked.id, "pw");
    expect(open.data).toEqual({ a: 1 });
    // The create-time password stays: lock again without one, a wrong one counts as a failure.
    await expect(sessions.lock(open.id, "wrong")).rejects.toBeInstanceOf(InvalidPasswordError);
    expect((await sessions.lock(open.id, "pw")).locked).toBe(true);
  });

  it("counts wrong passwords, refuses after 5 within 15 minutes, and cools down", async () => {
    const { sessions, clock, events } = setup();
    const { id } = await sessions.create({ password: "right", locked: true });
    for (let i = 0; i < 5; i++) {
      await expect(sessions.unlock(id, `wrong-${i}`)).rejects.toBeInstanceOf(InvalidPasswordError);
      clock.advance(MINUTE);
    }
    expect(
      events
        .filter((event) => event.type === "unlock-failed")
        .map((event) => "failures" in event && event.failures),
    ).toEqual([1, 2, 3, 4, 5]);
    const refused = await sessions.unlock(id, "right").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TooManyAttemptsError);
    expect((refused as TooManyAttemptsError).retryAfterMs).toBe(10 * MINUTE);
    // The first failure leaves the window: one attempt is free again.
    clock.advance(10 * MINUTE + 1);
    const unlocked = await sessions.unlock(id, "right");
    expect(unlocked.locked).toBe(false);
  });

  it("counts concurrent wrong guesses atomically: at most `max` are verified", async () => {
    const { sessions } = setup({ unlockAttempts: { max: 3, window: "1h" } });
    const { id } = await sessions.create({ password: "right", locked: true });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => sessions.unlock(id, `guess-${i}`)),
    );
    const reasons = results.map((result) =>
      result.status === "rejected" ? result.reason : result.value,
    );
    expect(reasons.filter((reason) => reason instanceof InvalidPasswordError)).toHaveLength(3);
    expect(reasons.filter((reason) => reason instanceof TooManyAttemptsError)).toHaveLength(5);
  });

  it("spends a full hash on an unknown session and reports it as not found", async () => {
    const { sessions } = setup();
    const started = performance.now();
    await expect(sessions.unlock("u".repeat(43), "pw")).rejects.toBeInstanceOf(
      SessionNotFoundError,
    );
    // A decoy scrypt hash ran (tens of ms), not an instant answer.
    expect(performance.now() - started).toBeGreaterThan(10);
  });
});
