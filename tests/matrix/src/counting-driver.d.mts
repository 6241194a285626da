import type { SessionDriver } from "@sessions/core";

/** A driver that counts its calls. */
export interface CountingDriver extends SessionDriver {
  /** Calls per method name. */
  readonly calls: Readonly<Record<string, number>>;
  /** All calls so far. */
  total(): number;
}

/** Wraps `driver`, counting every method call. */
export function countingDriver(driver: SessionDriver): CountingDriver;
