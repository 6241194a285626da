import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSessionManager, SessionStoreError } from "@sessions/core";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

// A real full disk: a 4 MiB tmpfs (root can mount one; CI runs as root). Filled up with a
// filler file, the database gets ENOSPC; deleting the filler is "space returns". Mounted and
// unmounted inside the test: mounted at collection, a filtered run would leave it mounted.
const temp = tempDir("disk-full");
afterAll(() => temp.remove());

function mountTmpfs(dir: string): boolean {
  mkdirSync(dir);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("disk full (tmpfs)", () => {
  it("DISK_FULL, nothing acknowledged lost, integrity ok, writes succeed once space returns", async (test) => {
    const mountPoint = join(temp.dir, "tmpfs");
    // Not root: processes.test.ts still covers a file size limit through `ulimit -f`.
    if (!mountTmpfs(mountPoint)) return test.skip("mount -t tmpfs is not permitted");
    try {
      const path = join(mountPoint, "sessions.db");
      const manager = createSessionManager<{ i: number; padding?: string }>({
        driver: sqliteDriver({ database: path }),
        ttl: "1h",
        cleanup: false,
      });
      const filler = join(mountPoint, "filler");
      writeFileSync(filler, Buffer.alloc(3 * 1024 * 1024));
      const padding = "x".repeat(4096);
      const acknowledged: Array<[string, number]> = [];
      let failure: unknown;
      for (let i = 0; i < 10_000; i++) {
        try {
          acknowledged.push([(await manager.create({ data: { i, padding } })).id, i]);
        } catch (error) {
          failure = error;
          break;
        }
      }
      expect(failure).toBeInstanceOf(SessionStoreError);
      expect((failure as SessionStoreError).code).toBe("DISK_FULL");
      expect(acknowledged.length).toBeGreaterThan(10);
      // Reads keep working while the disk is full.
      const [firstId, first] = acknowledged[0]!;
      expect((await manager.get(firstId))?.data?.i).toBe(first);

      rmSync(filler);
      const after = await manager.create({ data: { i: -1 } });
      expect((await manager.get(after.id))?.data?.i).toBe(-1);
      for (const [id, i] of acknowledged) {
        expect((await manager.get(id))?.data?.i, `acknowledged session ${i}`).toBe(i);
      }
      await manager.close();
      const db = new Database(path);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      db.close();
    } finally {
      // Lazy: a failed assertion may leave the database open, and EBUSY must not hide it.
      execFileSync("umount", ["-l", mountPoint]);
    }
  });
});
