import { existsSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { FileLock } from "../src/lock.js";
import { deadPid, freshPath } from "./helpers.js";

const options = { driver: "test", timeoutMs: 300, staleMs: 10_000 };

describe("FileLock", () => {
  it("is exclusive within the timeout, then LOCK_TIMEOUT; released, it is free again", async () => {
    const path = `${freshPath("lock")}.lock`;
    const a = new FileLock(path, options);
    const b = new FileLock(path, options);
    await a.acquire();
    const started = performance.now();
    await expect(b.acquire()).rejects.toMatchObject({ code: "LOCK_TIMEOUT", driver: "test" });
    expect(performance.now() - started).toBeLessThan(2_000);
    a.release();
    expect(existsSync(path)).toBe(false);
    await b.acquire();
    b.release();
  });

  it("takes over the lock of a dead process at once", async () => {
    const path = `${freshPath("dead")}.lock`;
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), start: null, token: "x" }));
    const started = performance.now();
    const lock = new FileLock(path, options);
    await lock.acquire();
    expect(performance.now() - started).toBeLessThan(200);
    lock.release();
  });

  it("never takes over a live process's lock; an unreadable one only after staleMs", async () => {
    const path = `${freshPath("live")}.lock`;
    writeFileSync(
      path,
      JSON.stringify({ pid: process.pid, host: hostname(), start: null, token: "x" }),
    );
    await expect(new FileLock(path, options).acquire()).rejects.toMatchObject({
      code: "LOCK_TIMEOUT",
    });
    writeFileSync(path, "garbage");
    await expect(new FileLock(path, options).acquire()).rejects.toMatchObject({
      code: "LOCK_TIMEOUT",
    });
    const impatient = new FileLock(path, { ...options, staleMs: 0 });
    await impatient.acquire();
    impatient.release();
  });
});
