import { expect, it } from "vitest";
import { createFileDriver } from "../file-driver.js";
import type { FaultContext } from "./context.js";
import { slowCodec } from "./slow-codec.js";

const NOW = Date.now();
const HOUR = 3_600_000;
/** The writer's lock timeout; the compactor's encode takes twice as long. */
const WRITER_LOCK_TIMEOUT_MS = 500;

/**
 * A compaction whose encode outlasts other processes' `lockTimeoutMs` (as csv's does at
 * 100,000 sessions) must not make them time out: the lock is held only to capture the state
 * and to install the new file. Another process writes throughout with a short timeout; it
 * never gets LOCK_TIMEOUT, some of its writes are acknowledged while the encode runs, and
 * every acknowledged write is in the store afterwards.
 */
export function compactionChecks(ctx: FaultContext): void {
  it("a slow compaction does not hold the lock: a writer with a short lockTimeoutMs never times out", async () => {
    const path = ctx.path("slow-compaction");
    const codec = slowCodec(ctx.options.codec, 2 * WRITER_LOCK_TIMEOUT_MS);
    // No automatic compaction while seeding: the one measured is the explicit one below.
    const compactor = createFileDriver({ path, codec, compactBytes: 1 << 30 });
    const seeded = 5_000;
    await Promise.all(
      Array.from({ length: seeded }, (_, i) =>
        compactor.insert(
          {
            key: `default:s:seed${i}`,
            owner: `default:owner${i % 50}`,
            createdAt: NOW,
            expiresAt: NOW + HOUR,
            version: 1,
            payload: JSON.stringify({ seed: i, text: "x".repeat(200) }),
          },
          NOW,
        ),
      ),
    );

    const writer = ctx.start({
      mode: "steady",
      options: { path, lockTimeoutMs: WRITER_LOCK_TIMEOUT_MS },
      prefix: "default:s:w",
      durationMs: 4 * WRITER_LOCK_TIMEOUT_MS + 1_000,
    });
    const deadline = performance.now() + 10_000;
    while (!writer.lines().includes("ready") && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await compactor.compact();
    expect(await writer.exit).toBe(0);

    const lines = writer.lines();
    expect(lines.filter((line) => line.startsWith("error "))).toEqual([]);
    expect(lines).toContain("done");
    const acknowledged = lines.filter((line) => line.startsWith("ok ")).map((l) => l.split(" "));
    // The last encode is the compaction's (the first wrote the empty file of a new store).
    const encode = codec.encodes.at(-1);
    expect(encode, "the compaction did not encode").toBeDefined();
    const during = acknowledged.filter(([, , at]) => {
      const time = Number(at);
      return time > encode!.start && time < encode!.end;
    });
    expect(during.length, "no write was acknowledged while the encode ran").toBeGreaterThan(0);

    const reader = await ctx.open(path);
    expect(await reader.count(NOW)).toBe(seeded + acknowledged.length);
    for (const [, key] of acknowledged) expect(await reader.get(key!, NOW)).not.toBeNull();
    await reader.close();
    await compactor.close();
  }, 60_000);
}
