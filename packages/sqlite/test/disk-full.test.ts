import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSessionManager, SessionStoreError } from "@sessions/core";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

// A real full disk: a 4 MiB tmpfs (root can mount one; CI runs as root). Filled up with a
// filler file, the database gets ENOSPC; deleting the filler is "space returns".
const temp = tempDir("disk-full");
const mountPoint = join(temp.dir, "tmpfs");
mkdirSync(mountPoint);
let mounted = false;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint], { stdio: "ignore" });
  mounted = true;
} catch {
  // Not root: processes.test.ts still covers a file size limit through `ulimit -f`.
}
afterAll(() => {
  if (mounted) execFileSync("umount", [mountPoint]);
  temp.remove();
});

describe("disk full (tmpfs)", () => {
  it.runIf(mounted)(
    "DISK_FULL, nothing acknowledged lost, integrity ok, writes succeed once space returns",
    async () => {
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
    },
  );
});
