import { afterAll, describe } from "vitest";
import { type FileDriverFaultsOptions, faultContext } from "./context.js";
import { corruptChecks } from "./corrupt.js";
import { diskFullChecks } from "./disk-full.js";
import { killChecks } from "./kill.js";
import { processChecks } from "./processes.js";

export type { FileDriverFaultsOptions } from "./context.js";

/**
 * Registers the fault checks every file driver must pass (call once, at the top level of a
 * test file, after building the package: child processes load `module` from dist):
 * several processes on one file, kill -9 at random points 100 times, corrupt and truncated
 * files, a torn or damaged journal, and a full disk (`ulimit -f`, Linux/macOS shells).
 */
export function runFileDriverFaults(options: FileDriverFaultsOptions): void {
  describe(`${options.name} file faults`, () => {
    const ctx = faultContext(options);
    afterAll(() => ctx.remove());
    describe("several processes", () => processChecks(ctx));
    describe("kill -9", () => killChecks(ctx));
    corruptChecks(ctx);
    describe("disk full", () => diskFullChecks(ctx));
  });
}
