import { InvalidPasswordError, SessionLockedError, TooManyAttemptsError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { MINUTE } from "../fixtures.js";
import { eventTypes, openManager } from "./fixture.js";

// Every password check costs one scrypt hash (~100 ms): these checks keep them few.
const PASSWORD = "correct horse battery staple";

/** lock/unlock with a password, and the sliding window of failed attempts. */
export function lockingChecks(backend: Backend): void {
  describe("lock and unlock", () => {
    it("a locked session hides its data and refuses writes; unlock returns a new id and the old one dies", async () => {
      const { sessions, events } = await openManager(backend);
      const created = await sessions.create({
        owner: "alice",
        data: { secret: "cart" },
        password: PASSWORD,
      });
      const locked = await sessions.lock(created.id);
      expect(locked).toMatchObject({ id: created.id, locked: true, data: null });
      expect(await sessions.get(created.id)).toMatchObject({ locked: true, data: null });
      await expect(sessions.require(created.id)).rejects.toBeInstanceOf(SessionLockedError);
      await expect(sessions.update(created.id, { secret: "changed" })).rejects.toBeInstanceOf(
        SessionLockedError,
      );
      expect((await sessions.getByOwner("alice")).map((info) => info.status)).toEqual(["locked"]);

      await expect(sessions.unlock(created.id, "wrong password")).rejects.toBeInstanceOf(
        InvalidPasswordError,
      );
      const unlocked = await sessions.unlock(created.id, PASSWORD);
      expect(unlocked.id).not.toBe(created.id);
      expect(unlocked).toMatchObject({ locked: false, data: { secret: "cart" }, owner: "alice" });
      expect(await sessions.get(created.id)).toBeNull();
      expect((await sessions.require(unlocked.id)).data).toEqual({ secret: "cart" });
      expect((await sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([
        unlocked.handle,
      ]);
      expect(eventTypes(events)).toEqual(["created", "locked", "unlock-failed", "unlocked"]);
    });

    it("five wrong passwords within the window refuse even the right one until the window slides", async () => {
      const { sessions, clock } = await openManager(backend, {
        unlockAttempts: { max: 5, window: "15m" },
      });
      const { id } = await sessions.create({ password: PASSWORD, locked: true, data: { n: 1 } });
      const firstFailure = clock.now();
      for (let attempt = 0; attempt < 5; attempt++) {
        await expect(sessions.unlock(id, `wrong ${attempt}`)).rejects.toBeInstanceOf(
          InvalidPasswordError,
        );
        clock.advance(MINUTE);
      }
      const refused = await sessions.unlock(id, PASSWORD).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TooManyAttemptsError);
      expect((refused as TooManyAttemptsError).retryAfterMs).toBe(
        firstFailure + 15 * MINUTE - clock.now(),
      );
      // The first failure leaves the window: one attempt is free again.
      clock.set(firstFailure + 15 * MINUTE);
      const unlocked = await sessions.unlock(id, PASSWORD);
      expect(unlocked).toMatchObject({ locked: false, data: { n: 1 } });
    });
  });
}
