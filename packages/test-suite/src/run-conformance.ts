import { describe, it } from "vitest";
import { type Backend, useBackend } from "./backend.js";
import { driverChecks } from "./driver/index.js";
import { managerChecks } from "./manager/index.js";
import { type ConformanceOptions, type ResolvedOptions, resolveOptions } from "./options.js";

/**
 * Registers the conformance suite of one driver with vitest: call it once, at the top level of
 * a test file. Every check opens its own driver on a fresh namespace through `create`, moves
 * time through `now` arguments or an injected clock (never sleeps), and releases the driver
 * afterwards (`close()`, then `destroy`). With `skip`, every check is registered as skipped
 * and one visible `SKIPPED: <reason>` test prints the reason.
 */
export function runConformance(options: ConformanceOptions): void {
  const resolved = resolveOptions(options);
  describe(`${resolved.name} driver conformance`, () => {
    if (resolved.skip === undefined) {
      registerChecks(resolved);
      return;
    }
    const reason = resolved.skip;
    it(`SKIPPED: ${reason}`, () => {
      console.warn(`[@sessions/test-suite] ${resolved.name} conformance SKIPPED: ${reason}`);
    });
    describe.skip("checks", () => registerChecks(resolved));
  });
}

function registerChecks(options: ResolvedOptions): void {
  const backend: Backend = useBackend(options);
  if (options.levels.has("driver")) describe("driver level", () => driverChecks(backend));
  if (options.levels.has("manager")) describe("manager level", () => managerChecks(backend));
}
