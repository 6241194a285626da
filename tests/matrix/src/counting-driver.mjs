/**
 * Wraps a driver to count its calls: "no busy loop" is asserted as an exact number of driver
 * calls per manager call. Shared by the test files and the worker processes.
 */
import { driverMethods } from "@sessions/core";

/**
 * @param {import("@sessions/core").SessionDriver} driver
 * @returns {import("./counting-driver.mjs").CountingDriver}
 */
export function countingDriver(driver) {
  /** @type {Record<string, number>} */
  const calls = {};
  const wrapped = {
    contract: driver.contract,
    name: driver.name,
    capabilities: driver.capabilities,
    calls,
    total: () => Object.values(calls).reduce((sum, count) => sum + count, 0),
  };
  for (const method of driverMethods) {
    wrapped[method] = (...args) => {
      calls[method] = (calls[method] ?? 0) + 1;
      return driver[method](...args);
    };
  }
  return wrapped;
}
