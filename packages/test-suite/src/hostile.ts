import type { SessionDriver, StoredSession } from "@sessions/core";
import { MINUTE } from "./fixtures.js";

/** An owner that turns a string-built `WHERE owner = '…'` into a match of every row. */
export const HOSTILE_OWNER = `o' OR '1'='1`;

/**
 * A key that closes a string literal and drops `table` when SQL is built by concatenation;
 * a driver must send it only as a bound value.
 */
export function hostileKey(table: string): string {
  return `k'); DROP TABLE ${table}; --"`;
}

/**
 * One call of every driver method that takes a key, an owner or a prefix, each with
 * {@link hostileKey}(`table`) or {@link HOSTILE_OWNER}, in an order that runs every write
 * path and leaves no record behind: spy on the client while running them in turn and assert
 * that no value reached the statement text.
 */
export function hostileValueCalls(
  driver: SessionDriver,
  table: string,
  now: number,
): (() => Promise<unknown>)[] {
  const key = hostileKey(table);
  const owner = HOSTILE_OWNER;
  const record = (init: Partial<StoredSession>): StoredSession => ({
    key,
    owner: null,
    payload: "{}",
    createdAt: now,
    expiresAt: now + MINUTE,
    version: 1,
    ...init,
  });
  return [
    () => driver.insert(record({ owner }), now),
    () => driver.get(key, now),
    () => driver.touch(key, now + 2 * MINUTE, now),
    () => driver.compareAndSet(record({ owner, version: 2 }), 1, now),
    () => driver.listByOwner(owner, now),
    () => driver.count(now, { prefix: key }),
    () => driver.scan({ limit: 5, prefix: key }),
    () => driver.deleteExpired(now, { limit: 5, prefix: key }),
    () => driver.compareAndSet(record({ expiresAt: 0, version: 3 }), 2, now),
    () => driver.deleteByOwner(owner),
    () => driver.delete(key),
  ];
}
