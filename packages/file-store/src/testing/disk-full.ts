import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { expect, it } from "vitest";
import type { FaultContext } from "./context.js";
import { paddedRecord } from "./records.js";

const NOW = Date.now();

/**
 * A full disk, as `ulimit -f` in a child process (EFBIG, like ENOSPC): the failing write
 * rejects with `DISK_FULL` and is not visible, the acknowledged writes are intact, a failed
 * compaction leaves no temp file, and once space returns (a process without the limit) the
 * next write succeeds.
 */
export function diskFullChecks(ctx: FaultContext): void {
  it("disk full: typed error, previous state intact, next write succeeds once space returns", async () => {
    const path = ctx.path("full");
    // 100 KiB already in the data file: a compaction needs more room than the limit leaves.
    const seed = await ctx.open(path);
    for (let i = 0; i < 100; i++) await seed.insert(paddedRecord(`default:s:seed${i}`, NOW), NOW);
    await seed.close();

    const child = ctx.start(
      { mode: "fill", options: { path, compactBytes: 1024 }, prefix: "default:s:fill" },
      256,
    );
    expect(await child.exit).toBe(0);
    const lines = child.lines();
    const written = lines.filter((line) => line.startsWith("ok ")).map((line) => line.slice(3));
    const failure = lines.find((line) => line.startsWith("error "))?.split(" ");
    expect(written.length).toBeGreaterThan(10);
    expect(failure?.[1]).toBe("DISK_FULL");
    expect(lines).toContain("after absent");
    expect(lines).toContain(`count ${100 + written.length}`);
    expect(lines).toContain("retry DISK_FULL");
    expect(readdirSync(dirname(path)).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const driver = await ctx.open(path);
    expect(await driver.count(NOW)).toBe(100 + written.length);
    for (const key of written) expect(await driver.get(key, NOW)).not.toBeNull();
    expect(await driver.get(failure![2]!, NOW)).toBeNull();
    expect(await driver.insert(paddedRecord("default:s:after", NOW), NOW)).toBe(true);
    await driver.close();
    const reopened = await ctx.open(path);
    expect(await reopened.count(NOW)).toBe(101 + written.length);
    await reopened.close();
  }, 60_000);
}
