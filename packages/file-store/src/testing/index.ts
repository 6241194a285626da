import { afterAll, describe } from "vitest";
import { compactionChecks } from "./compaction.js";
import { type FileDriverFaultsOptions, faultContext } from "./context.js";
import { corruptChecks } from "./corrupt.js";
import { diskFullChecks } from "./disk-full.js";
import { tmpfsDiskFullChecks } from "./disk-full-tmpfs.js";
import { killChecks } from "./kill.js";
import { processChecks } from "./processes.js";

export type { FileDriverFaultsOptions } from "./context.js";
export { rawFileDump } from "./raw-dump.js";

/**
 * Registers the fault checks every file driver must pass (call once, at the top level of a
 * test file, after building the package: child processes load `module` from dist):
 * several processes on one file, kill -9 at random points 100 times, a slow compaction while
 * another process writes, corrupt and truncated files, a torn or damaged journal, and a full
 * disk (`ulimit -f`, Linux/macOS shells; and a real ENOSPC on a tmpfs where mount is allowed).
 */
export function runFileDriverFaults(options: FileDriverFaultsOptions): void {
  describe(`${options.name} file faults`, () => {
    const ctx = faultContext(options);
    afterAll(() => ctx.remove());
    describe("several processes", () => processChecks(ctx));
    describe("kill -9", () => killChecks(ctx));
    corruptChecks(ctx);
    describe("compaction", () => compactionChecks(ctx));
    describe("disk full", () => {
      diskFullChecks(ctx);
      tmpfsDiskFullChecks(ctx);
    });
  });
}
