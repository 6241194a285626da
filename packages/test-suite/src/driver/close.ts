import { type SessionDriver, SessionStoreError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { sessionKey, storedRecord } from "../fixtures.js";

/** One call of every method but `close`, with plausible arguments. */
function everyCall(driver: SessionDriver, now: number): Record<string, () => Promise<unknown>> {
  const record = storedRecord("after-close", now);
  return {
    get: () => driver.get(record.key, now),
    ...(driver.exists ? { exists: () => driver.exists!(record.key, now) } : {}),
    insert: () => driver.insert(record, now),
    compareAndSet: () => driver.compareAndSet({ ...record, version: 2 }, 1, now),
    touch: () => driver.touch(record.key, now + 1, now),
    delete: () => driver.delete(sessionKey("after-close")),
    listByOwner: () => driver.listByOwner(record.owner!, now),
    deleteByOwner: () => driver.deleteByOwner(record.owner!),
    deleteExpired: () => driver.deleteExpired(now, { limit: 10 }),
    scan: () => driver.scan({ limit: 10 }),
    count: () => driver.count(now),
    clear: () => driver.clear(),
  };
}

/** `close` is idempotent; every later call rejects with a `CLOSED` store error. */
export function closeChecks(backend: Backend): void {
  describe("close", () => {
    it("close is idempotent and later calls reject with a CLOSED SessionStoreError", async () => {
      const { driver, t0, record, insert } = await backend.open();
      await insert(record("before-close"));
      await driver.close();
      await driver.close();
      for (const [method, call] of Object.entries(everyCall(driver, t0))) {
        let pending: Promise<unknown>;
        try {
          pending = call();
        } catch (error) {
          throw new Error(`${method} threw synchronously after close instead of rejecting`, {
            cause: error,
          });
        }
        const error = await pending.then(
          () => new Error(`${method} resolved after close`),
          (reason: unknown) => reason,
        );
        expect(error, method).toBeInstanceOf(SessionStoreError);
        expect((error as SessionStoreError).code, method).toBe("CLOSED");
        expect((error as SessionStoreError).driver, method).toBe(driver.name);
      }
      await driver.close();
    });
  });
}
