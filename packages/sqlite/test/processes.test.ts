import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSessionManager } from "@sessions/core";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

// The children load the built driver (dist/) and @sessions/core, like an application would.
const here = dirname(fileURLToPath(import.meta.url));
const worker = join(here, "fixtures", "worker.mjs");
const temp = tempDir("processes");
beforeAll(() => {
  if (!existsSync(join(here, "..", "dist", "index.js"))) {
    throw new Error("packages/sqlite/dist is missing: run `pnpm build` first");
  }
});
afterAll(() => temp.remove());

/**
 * Starts the worker with `args`. With `fileSizeLimitKb` it runs under `ulimit -f` (a disk that
 * is full for this process only: writes past the limit fail with EFBIG; Node ignores SIGXFSZ).
 */
function start(
  args: string[],
  options: { fileSizeLimitKb?: number } = {},
): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const command = [process.execPath, worker, ...args];
  const child =
    options.fileSizeLimitKb === undefined
      ? spawn(command[0]!, command.slice(1), { stdio: ["ignore", "pipe", "pipe"] })
      : spawn(
          "/bin/bash",
          ["-c", `ulimit -f ${options.fileSizeLimitKb} && exec "$0" "$@"`, ...command],
          { stdio: ["ignore", "pipe", "pipe"] },
        );
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) console.error(err);
      resolve(code);
    }),
  );
  return { child, output: () => out, exit };
}

/** A manager on the database at `path`, without background cleanup (nothing races the checks). */
function managerOn<Data>(path: string) {
  return createSessionManager<Data>({
    driver: sqliteDriver({ database: path }),
    ttl: "1h",
    cleanup: false,
  });
}

/** SQLite's own check finds the database at `path` intact. */
function expectIntegrityOk(path: string): void {
  const db = new Database(path);
  expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  db.close();
}

describe("several processes on one file", () => {
  it("4 processes × 500 concurrent update(id, fn) increments on shared sessions: exact counters", async () => {
    const path = join(temp.dir, "shared.db");
    const manager = managerOn<{ n: number }>(path);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await manager.create({ data: { n: 0 } })).id);
    const children = [0, 1, 2, 3].map(() => start(["update", path, "500", ...ids]));
    const codes = await Promise.all(children.map((c) => c.exit));
    expect(codes).toEqual([0, 0, 0, 0]);
    let total = 0;
    for (const id of ids) {
      const session = await manager.get(id);
      total += (session as { data: { n: number } }).data.n;
      expect((session as { data: { n: number } }).data.n).toBe(500);
    }
    expect(total).toBe(2_000);
    await manager.close();
  });

  it("kill -9 of a writer mid-loop loses no acknowledged write; integrity_check is ok", async () => {
    const path = join(temp.dir, "killed.db");
    // Create the file and table first so the writers do not race on the schema.
    await sqliteDriver({ database: path }).close();
    const writers = [start(["create", path, "alice"]), start(["create", path, "bob"])];
    // Let them write for a while, then kill one hard while its loop is running.
    const deadline = performance.now() + 10_000;
    while (writers[0]!.output().split("\n").length < 300 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    writers[0]!.child.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 100));
    writers[1]!.child.kill("SIGKILL");
    await Promise.all(writers.map((w) => w.exit));

    expectIntegrityOk(path);
    const manager = managerOn<{ i: number }>(path);
    let checked = 0;
    for (const writer of writers) {
      // Only complete lines were acknowledged (a line cut by the kill is ignored).
      const lines = writer.output().split("\n").slice(0, -1);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const [id, i] = line.split(" ");
        const session = await manager.get(id!);
        expect(session, `acknowledged session ${i} is missing`).not.toBeNull();
        expect((session as { data: { i: number } }).data.i).toBe(Number(i));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(300);
    await manager.close();
  });

  it("file size limit (ulimit -f): a typed error, every acknowledged write intact, writes succeed once lifted", async () => {
    const path = join(temp.dir, "full.db");
    await sqliteDriver({ database: path }).close();
    // 1 MiB per file for the writer: it fills up after a few hundred 4 KB sessions.
    const writer = start(["fill", path], { fileSizeLimitKb: 1024 });
    expect(await writer.exit).toBe(0);
    const lines = writer.output().split("\n").slice(0, -1);
    const last = lines.pop()!;
    // EFBIG reaches SQLite as SQLITE_IOERR_WRITE (only ENOSPC is SQLITE_FULL, see
    // disk-full.test.ts): a typed store failure, not a raw better-sqlite3 error.
    expect(last).toBe("ERROR SessionStoreError STORE_FAILURE");
    expect(lines.length).toBeGreaterThan(20);

    expectIntegrityOk(path);
    // The limit is lifted (none in this process): everything acknowledged is there, and the
    // store takes writes again.
    const manager = managerOn<{ i: number }>(path);
    for (const line of lines) {
      const [id, i] = line.split(" ");
      expect((await manager.get(id!))?.data?.i, `acknowledged session ${i}`).toBe(Number(i));
    }
    const after = await manager.create({ data: { i: -1 } });
    expect((await manager.get(after.id))?.data?.i).toBe(-1);
    await manager.close();
  });
});
