import type { SessionDriver } from "./contract.js";
import { driverMethods, optionalDriverMethods } from "./contract.js";
import { SessionStoreError, toStoreError } from "./errors.js";

/** A driver seen through the manager: closed after `close()`, every failure a `SessionError`. */
export interface GuardedDriver extends SessionDriver {
  /** Makes every later call reject with a `CLOSED` error. */
  markClosed(): void;
}

/**
 * Wraps each driver method once so that calls after `close()` reject with `CLOSED` and
 * anything a driver throws that is not a `SessionError` becomes a `SessionStoreError` with the
 * original kept as `cause`.
 */
export function guardDriver(driver: SessionDriver): GuardedDriver {
  let closed = false;
  const guarded: Record<string, unknown> = {
    contract: driver.contract,
    name: driver.name,
    capabilities: driver.capabilities,
    markClosed: () => {
      closed = true;
    },
  };
  // Optional methods are wrapped only when the driver has them: core tests for their presence.
  const present = optionalDriverMethods.filter(
    (method) => typeof (driver as unknown as Record<string, unknown>)[method] === "function",
  );
  for (const method of [...driverMethods, ...present]) {
    const call = (driver as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
      method
    ]!.bind(driver);
    const fail = (error: unknown) => {
      throw toStoreError(driver.name, method, error);
    };
    // A plain function with one `.then` rather than an async wrapper: this sits on every
    // driver call, and an extra async frame costs more than the whole memory driver call.
    guarded[method] = (...args: unknown[]) => {
      if (closed && method !== "close") {
        return Promise.reject(
          new SessionStoreError(driver.name, "session manager is closed", { code: "CLOSED" }),
        );
      }
      try {
        return call(...args).then(undefined, fail);
      } catch (error) {
        return Promise.reject(toStoreError(driver.name, method, error));
      }
    };
  }
  return guarded as unknown as GuardedDriver;
}
