import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { SessionStoreError } from "@sessions/core";
import { expect, it } from "vitest";
import type { FaultContext } from "./context.js";
import { paddedRecord } from "./records.js";
import { freeBytes, mountTmpfs, unmount } from "./tmpfs.js";

const KIB = 1024;
const NOW = Date.now();

/** Rejection of `promise`, or `null` when it resolves. */
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

/**
 * A real ENOSPC on a 4 MiB tmpfs, filled up by a filler file (skipped where mount is not
 * permitted; the `ulimit -f` check still runs). Writes until DISK_FULL; then, with a little
 * room back (less than a snapshot needs), a compaction fails with DISK_FULL and leaves the data
 * file, the journal and no temp file behind; then, with the filler gone, the next write and
 * compaction succeed and every acknowledged write is there.
 */
export function tmpfsDiskFullChecks(ctx: FaultContext): void {
  it("disk full on a tmpfs (ENOSPC): DISK_FULL, a failed compaction keeps both files, writes resume once space returns", async (test) => {
    // Mounted here, not when the suite is collected: a filtered run would never unmount it.
    const mountPoint = dirname(ctx.path("tmpfs"));
    if (!mountTmpfs(mountPoint, "4m")) return test.skip("mount -t tmpfs is not permitted");
    try {
      await fillAndRecover(ctx, mountPoint);
    } finally {
      unmount(mountPoint);
    }
  }, 60_000);
}

async function fillAndRecover(ctx: FaultContext, mountPoint: string): Promise<void> {
  const path = join(mountPoint, `sessions.${ctx.options.name}`);
  const driver = await ctx.open(path);
  // ~330 KiB in the data file: more than the room given back before the compaction.
  const seeded = 300;
  await Promise.all(
    Array.from({ length: seeded }, (_, i) =>
      driver.insert(paddedRecord(`default:s:seed${i}`, NOW), NOW),
    ),
  );
  await driver.compact();

  const reserve = join(mountPoint, "reserve");
  writeFileSync(reserve, Buffer.alloc(64 * KIB));
  const filler = join(mountPoint, "filler");
  writeFileSync(filler, Buffer.alloc(freeBytes(mountPoint) - 128 * KIB));
  const acknowledged: string[] = [];
  let failure: unknown = null;
  for (let i = 0; failure === null && i < 10_000; i++) {
    const key = `default:s:fill${i}`;
    failure = await failureOf(driver.insert(paddedRecord(key, NOW), NOW));
    if (failure === null) acknowledged.push(key);
    else expect(await driver.get(key, NOW), "the failed write is visible").toBeNull();
  }
  expect(failure).toBeInstanceOf(SessionStoreError);
  expect((failure as SessionStoreError).code).toBe("DISK_FULL");
  expect(acknowledged.length).toBeGreaterThan(10);
  expect(await driver.count(NOW)).toBe(seeded + acknowledged.length);

  rmSync(reserve);
  const before = { data: readFileSync(path), journal: readFileSync(`${path}.journal`) };
  const compaction = await failureOf(driver.compact());
  expect((compaction as SessionStoreError | null)?.code).toBe("DISK_FULL");
  expect(readFileSync(path).equals(before.data), "the data file changed").toBe(true);
  expect(readFileSync(`${path}.journal`).equals(before.journal), "the journal changed").toBe(true);
  expect(readdirSync(mountPoint).filter((name) => name.endsWith(".tmp"))).toEqual([]);

  rmSync(filler);
  expect(await driver.insert(paddedRecord("default:s:after", NOW), NOW)).toBe(true);
  await driver.compact();
  await driver.close();
  expect(existsSync(`${path}.lock`)).toBe(false);
  const reopened = await ctx.open(path);
  expect(await reopened.count(NOW)).toBe(seeded + acknowledged.length + 1);
  for (const key of acknowledged) expect(await reopened.get(key, NOW)).not.toBeNull();
  await reopened.close();
}
