import { existsSync, readdirSync } from "node:fs";
import { dirname } from "node:path";
import { expect, it } from "vitest";
import type { FaultContext } from "./context.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long a dead holder's lock may delay the next opener (it is taken over on first sight). */
const TAKEOVER_BOUND_MS = 1_000;

/**
 * kill -9 of a writer at random points, many times over one file: each time the file opens,
 * every acknowledged write is there, no acknowledged delete comes back, temp files left by
 * the kill are gone after open, and a lock left by the dead writer is taken over at once.
 */
export function killChecks(ctx: FaultContext): void {
  const iterations = ctx.options.killIterations ?? 100;
  it(`kill -9 at random points of a write loop, ${iterations} times: nothing acknowledged lost or revived`, async () => {
    const path = ctx.path("kill");
    // Acknowledged state of every key ever written: the version, or -1 once deleted.
    const acknowledged = new Map<string, number>();
    // Keys whose delete was started but not acknowledged when the kill came: either outcome.
    const maybeDeleted = new Set<string>();
    let takeovers = 0;
    let tempFilesSeen = 0;
    let checked = 0;
    for (let iteration = 0; iteration < iterations; iteration++) {
      // A tiny compaction threshold: kills land inside compactions too.
      const child = ctx.start({
        mode: "churn",
        options: { path, compactBytes: 4096, lockTimeoutMs: 10_000 },
        prefix: `default:s:k${iteration}-`,
      });
      // Mostly while writing; one time in ten at a random moment of start-up (open, recovery).
      if (iteration % 10 === 9) {
        await sleep(Math.random() * 80);
      } else {
        const deadline = performance.now() + 10_000;
        while (!child.lines().includes("ready") && performance.now() < deadline) await sleep(2);
        await sleep(Math.random() * 40);
      }
      child.process.kill("SIGKILL");
      await child.exit;
      for (const line of child.lines()) {
        const [op, key, version] = line.split(" ");
        if (op === "i" || op === "u") acknowledged.set(key!, Number(version));
        else if (op === "-") maybeDeleted.add(key!);
        else if (op === "d") {
          acknowledged.set(key!, -1);
          maybeDeleted.delete(key!);
        }
      }

      const dir = dirname(path);
      tempFilesSeen += readdirSync(dir).filter((name) => name.endsWith(".tmp")).length;
      const lockLeft = existsSync(`${path}.lock`);
      const started = performance.now();
      const driver = await ctx.open(path);
      const now = Date.now();
      await driver.count(now);
      const waited = performance.now() - started;
      if (lockLeft) {
        takeovers++;
        expect(waited, "a dead holder's lock was not taken over in time").toBeLessThan(
          TAKEOVER_BOUND_MS,
        );
      }
      expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
      for (const [key, version] of acknowledged) {
        const record = await driver.get(key, now);
        if (version < 0) {
          expect(record, `acknowledged delete of ${key} came back`).toBeNull();
        } else if (maybeDeleted.has(key)) {
          // Whatever this open shows is what must hold from now on.
          maybeDeleted.delete(key);
          acknowledged.set(key, record === null ? -1 : record.version);
        } else {
          expect(record, `acknowledged write of ${key} is lost`).not.toBeNull();
          // A later write may have landed without its acknowledgement, never an earlier one.
          expect(record!.version).toBeGreaterThanOrEqual(version);
        }
        checked++;
      }
      await driver.close();
    }
    console.info(
      `${ctx.options.name}: ${iterations} kills, ${acknowledged.size} acknowledged keys, ` +
        `${checked} checks, ${takeovers} dead locks taken over, ${tempFilesSeen} temp files cleaned`,
    );
    expect(acknowledged.size).toBeGreaterThan(iterations);
  }, 180_000);
}
