/** Drivers left out of a suite show up in the report as skipped tests, never silently. */
import { test } from "vitest";
import type { MissingDriver } from "./drivers.js";

/** One skipped test per driver this machine cannot run, naming the reason. */
export function reportMissingDrivers(suite: string, missing: readonly MissingDriver[]): void {
  for (const { name, reason } of missing) {
    test.skip(`${suite}: ${name} is not in the matrix: ${reason}`, () => {});
  }
}
