/** The command line in-process: each command on a small store, and one clear line on bad input. */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sqliteDriver } from "@sessions/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_USAGE, runCli } from "../src/cli/run.js";
import { playgroundCipher } from "../src/encryption.js";
import { createPlaygroundManager } from "../src/manager.js";
import { captureIo, tempDir } from "./helpers.js";

/** Stored sealed: `show` must never print it. Long, so random ciphertext cannot spell it. */
const CART_ITEM = "green-tea-canary-9f3c1e";

let dir: Awaited<ReturnType<typeof tempDir>>;
let store: string;
let handles: string[];

beforeAll(async () => {
  dir = await tempDir();
  store = `sqlite:${join(dir.path, "store.db")}`;
  const manager = createPlaygroundManager({
    driver: sqliteDriver({ database: join(dir.path, "store.db") }),
    cipher: playgroundCipher(),
  });
  const sessions = await Promise.all(
    ["alice", "alice", "bob"].map((owner) =>
      manager.create({ owner, data: { cart: [CART_ITEM] } }),
    ),
  );
  handles = sessions.map((session) => session.handle);
  await manager.close();
});

afterAll(async () => {
  await dir?.remove();
});

async function cli(...args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, ...io };
}

describe("commands", () => {
  it("list prints every session with its handle and owner", async () => {
    const { code, stdout, stderr } = await cli("list", "--driver", store);
    expect(code).toBe(0);
    expect(stdout).toHaveLength(4);
    for (const handle of handles) expect(stdout.join("\n")).toContain(handle);
    expect(stdout.join("\n")).toMatch(/alice[\s\S]*bob|bob[\s\S]*alice/);
    expect(stderr).toEqual(["3 sessions"]);
  });

  it("show prints one session and its sealed record", async () => {
    const { code, stdout } = await cli("show", handles[2]!, "--driver", store);
    expect(code).toBe(0);
    const text = stdout.join("\n");
    expect(text).toMatch(/^owner {10}bob$/m);
    expect(text).toMatch(/^stored owner {3}playground:v1\.1\./m);
    expect(text).not.toContain(CART_ITEM);
  });

  it("show takes a handle that begins with '-' (one in 64 does), before or after the options", async () => {
    const file = join(dir.path, "dash.db");
    const manager = createPlaygroundManager({
      driver: sqliteDriver({ database: file }),
      cipher: playgroundCipher(),
    });
    let handle = "";
    for (let tries = 0; tries < 5000 && !handle.startsWith("-"); tries++) {
      handle = (await manager.create({ owner: "carol" })).handle;
    }
    await manager.close();
    expect(handle).toMatch(/^-/);
    for (const args of [
      [handle, "--driver", `sqlite:${file}`],
      ["--driver", `sqlite:${file}`, handle],
    ]) {
      const { code, stdout } = await cli("show", ...args);
      expect(code).toBe(0);
      expect(stdout.join("\n")).toMatch(/^owner {10}carol$/m);
    }
    const unknown = await cli("show", `-${"A".repeat(42)}`, "--driver", `sqlite:${file}`);
    expect(unknown).toMatchObject({
      code: EXIT_USAGE,
      stderr: ["sessions show: no live session with that handle"],
    });
  });

  it("stats counts sessions and owners", async () => {
    const { code, stdout } = await cli("stats", "--driver", store);
    expect(code).toBe(0);
    expect(stdout.join("\n")).toMatch(/active {3}3[\s\S]*owners {3}2/);
  });

  it("cleanup reports what it removed", async () => {
    expect(await cli("cleanup", "--driver", store)).toMatchObject({
      code: 0,
      stdout: ["removed 0 expired records"],
    });
  });

  it("export to json, import into csv: the same sessions, with progress", async () => {
    const json = `json:${join(dir.path, "backup.json")}`;
    const csv = `csv:${join(dir.path, "sessions.csv")}`;
    const exported = await cli("export", "--driver", store, "--to", json);
    expect(exported.code).toBe(0);
    expect(exported.stderr.at(-1)).toMatch(
      /^export {2}\[#+\] {2}3\/3 {2}100% .*imported 3, skipped 0/,
    );
    const imported = await cli("import", "--from", json, "--driver", csv);
    expect(imported.code).toBe(0);
    expect(imported.stderr.at(-1)).toContain("imported 3, skipped 0");
    const listed = await cli("list", "--driver", csv);
    for (const handle of handles) expect(listed.stdout.join("\n")).toContain(handle);
    // Importing again is refused as a whole (all or nothing), unless duplicates may be skipped.
    expect((await cli("import", "--from", json, "--driver", csv)).code).toBe(1);
    const skipped = await cli("import", "--from", json, "--driver", csv, "--on-duplicate", "skip");
    expect(skipped.stderr.at(-1)).toContain("imported 0, skipped 3");
  });
});

describe("bad input: exit code 2 and one line", () => {
  const missing = join("/nonexistent-folder", "sessions.csv");
  const cases: [string, string[], RegExp][] = [
    ["no command", [], /usage/],
    ["unknown command", ["frobnicate"], /unknown command "frobnicate"/],
    ["unknown driver", ["list", "--driver", "oracle:db"], /unknown driver "oracle"/],
    ["unknown URL scheme", ["list", "--driver", "http://example.com"], /unknown driver URL scheme/],
    ["unreadable file", ["import", "--from", `csv:${missing}`], /cannot read .*no such file/],
    [
      "unwritable target",
      ["migrate", "--from", "memory", "--to", `json:${missing}`],
      /cannot write .*no folder/,
    ],
    [
      "bad URL",
      ["migrate", "--from", "memory", "--to", "postgres:not a url"],
      /bad URL for postgres/,
    ],
    [
      "wrong URL scheme",
      ["migrate", "--from", "memory", "--to", "redis:http://x"],
      /must start with redis:\/\//,
    ],
    ["missing URL", ["migrate", "--from", "memory", "--to", "mongo"], /mongo needs a URL/],
    ["missing option", ["export"], /missing --to/],
    ["unknown option", ["list", "--colour"], /Unknown option '--colour'/],
    ["malformed handle", ["show", "../../etc/passwd"], /not a session handle/],
    [
      "same store",
      ["migrate", "--from", "sqlite:/tmp/x.db", "--to", "sqlite:/tmp/x.db"],
      /same store/,
    ],
    [
      "bad on-duplicate",
      ["migrate", "--from", "memory", "--to", "memory", "--on-duplicate", "maybe"],
      /--on-duplicate/,
    ],
  ];

  it.each(cases)("%s", async (_name, args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(EXIT_USAGE);
    const lines = args.length === 0 ? stdout : stderr;
    if (args.length > 0) {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^sessions/);
    }
    expect(lines.join("\n")).toMatch(message);
  });

  it("a file that is not a store", async () => {
    const bad = join(dir.path, "bad.json");
    writeFileSync(bad, "not json");
    const { code, stderr } = await cli("list", "--driver", `json:${bad}`);
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^sessions list: cannot open json:.*corrupt/);
  });

  it("a server that is not there, with the URL's password masked", async () => {
    const { code, stderr } = await cli(
      "stats",
      "--driver",
      "postgres://app:hunter2@127.0.0.1:1/app",
    );
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/cannot open postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/);
    expect(stderr[0]).not.toContain("hunter2");
  });
});
