import {
  createSessionManager,
  type JsonValue,
  memoryDriver,
  type SessionCipher,
  type SessionDriver,
  type SessionEvent,
  type SessionManager,
  type StoredSession,
} from "@sessions/core";
import { FIXED_EPOCH, type ManualClock, manualClock } from "@sessions/test-suite";
import { afterEach } from "vitest";
import { createCipher } from "../src/index.js";

/** Session data in these tests. */
export type Data = Record<string, JsonValue>;

/** Test keys: fixed bytes (never all zero), so failures print the same numbers every run. */
export const KEY_1 = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
export const KEY_2 = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
export const KEY_3 = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff);

/** Ciphers over the test keys. */
export const onlyKey1 = () => createCipher({ keys: { 1: KEY_1 }, current: 1 });
export const rotating = () => createCipher({ keys: { 1: KEY_1, 2: KEY_2 }, current: 2 });
export const onlyKey2 = () => createCipher({ keys: { 2: KEY_2 }, current: 2 });

/** A manager over a memory driver with a manual clock, closed after the test. */
export interface Harness {
  readonly sessions: SessionManager<Data>;
  readonly driver: SessionDriver;
  readonly clock: ManualClock;
  readonly events: SessionEvent[];
  /** Another manager on the same driver and clock, with another cipher (a redeploy). */
  withCipher(cipher: SessionCipher): SessionManager<Data>;
}

const open: Array<SessionManager<Data>> = [];
afterEach(async () => {
  // Managers share one driver: close the driver once, through the first manager.
  const [first] = open.splice(0);
  await first?.close();
});

/** Opens a {@link Harness} whose first manager uses `cipher`. */
export function harness(cipher: SessionCipher): Harness {
  const driver = memoryDriver();
  const clock = manualClock(FIXED_EPOCH);
  const events: SessionEvent[] = [];
  const withCipher = (other: SessionCipher) => {
    const manager = createSessionManager<Data>({
      driver,
      clock,
      ttl: "1h",
      cipher: other,
      onEvent: (event) => events.push(event),
    });
    open.push(manager);
    return manager;
  };
  return { sessions: withCipher(cipher), driver, clock, events, withCipher };
}

/** Record key of a session handle in the default app. */
export const recordKey = (handle: string) => `default:s:${handle}`;

/** The raw record of a handle (throws when missing). */
export async function rawRecord(h: Harness, handle: string): Promise<StoredSession> {
  const record = await h.driver.get(recordKey(handle), h.clock.now());
  if (record === null) throw new Error(`no record for ${handle}`);
  return record;
}

/** Overwrites a stored record's fields in place (same version), as an attacker with the store would. */
export async function overwrite(
  h: Harness,
  handle: string,
  changes: Partial<StoredSession>,
): Promise<void> {
  const record = await rawRecord(h, handle);
  const ok = await h.driver.compareAndSet({ ...record, ...changes }, record.version, h.clock.now());
  if (!ok) throw new Error("overwrite lost its compare-and-set");
}

/** The key id in a sealed text (`v1.<kid>.<body>`). */
export function kidOf(sealed: string | null): string | undefined {
  return sealed?.split(".")[1];
}
