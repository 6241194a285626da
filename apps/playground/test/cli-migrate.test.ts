/**
 * The command line's long operation: 10,000 sessions migrated sqlite → json → sqlite by the real
 * CLI process, records byte-identical, expired ones dropped, progress printed.
 */

import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { createSessionManager, type SessionDriver, type StoredSession } from "@sessions/core";
import { sqliteDriver } from "@sessions/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROOT } from "../src/paths.js";
import { tempDir } from "./helpers.js";

const run = promisify(execFile);
const LIVE = 9_000;
const EXPIRED = 1_000;

/** Runs the built CLI as a user would (`pnpm playground cli …` runs this same file). */
function cli(...args: string[]) {
  return run(process.execPath, [join(APP_ROOT, "dist/main.js"), "cli", ...args], {
    timeout: 90_000,
    env: { ...process.env, INIT_CWD: process.cwd() },
  });
}

async function createMany(
  count: number,
  create: (index: number) => Promise<unknown>,
): Promise<void> {
  // Batches of 500 in flight: the sqlite driver commits each batch in one transaction.
  for (let start = 0; start < count; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - start) }, (_, offset) => create(start + offset)),
    );
  }
}

async function allRecords(driver: SessionDriver): Promise<StoredSession[]> {
  const records: StoredSession[] = [];
  let cursor: string | undefined;
  do {
    const page = await driver.scan({ limit: 1000, ...(cursor ? { cursor } : {}) });
    records.push(...page.records);
    cursor = page.cursor;
  } while (cursor !== undefined);
  const now = Date.now();
  return records
    .filter((record) => record.expiresAt > now)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

describe("sessions migrate", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let source: string;

  beforeAll(async () => {
    dir = await tempDir();
    source = join(dir.path, "source.db");
    const live = createSessionManager<Record<string, unknown>>({
      driver: sqliteDriver({ database: source }),
      app: "shop",
      ttl: "2h",
    });
    await createMany(LIVE, (index) =>
      live.create({
        owner: `user${index % 700}`,
        data: { cart: [`item ${index}`, "ünïcødé ✓", { nested: [index, null, true] }] },
        meta: { device: index % 2 ? "laptop" : "phone" },
      }),
    );
    await live.close();
    // Sessions created an hour ago with a one-minute lifetime: expired, still in the file.
    const hourAgo = Date.now() - 3_600_000;
    const old = createSessionManager({
      driver: sqliteDriver({ database: source }),
      app: "shop",
      ttl: "1m",
      clock: { now: () => hourAgo },
    });
    await createMany(EXPIRED, (index) => old.create({ owner: `old${index}`, data: { index } }));
    await old.close();
  });

  afterAll(async () => {
    await dir?.remove();
  });

  it("copies 10,000 sessions to json and back: identical records, expired dropped, progress shown", async () => {
    const json = join(dir.path, "sessions.json");
    const back = join(dir.path, "back.db");

    const there = await cli("migrate", "--from", `sqlite:${source}`, "--to", `json:${json}`);
    const thereLines = there.stderr.trim().split("\n");
    expect(thereLines.at(-1)).toContain(
      `imported ${LIVE}, skipped 0, expired ${EXPIRED} (dropped)`,
    );
    expect(thereLines.at(-1)).toMatch(/migrate {2}\[#{24}\] {2}9,000\/9,000 {2}100% {2}[\d,]+\/s/);

    const home = await cli("migrate", "--from", `json:${json}`, "--to", `sqlite:${back}`);
    expect(home.stderr.trim().split("\n").at(-1)).toContain(
      `imported ${LIVE}, skipped 0, expired 0`,
    );

    const original = sqliteDriver({ database: source });
    const copy = sqliteDriver({ database: back });
    const { jsonDriver } = await import("@sessions/json");
    const middle = jsonDriver({ path: json });
    try {
      const expected = await allRecords(original);
      expect(expected).toHaveLength(LIVE);
      expect(await allRecords(middle)).toStrictEqual(expected);
      expect(await allRecords(copy)).toStrictEqual(expected);
      // The expired records were not copied at all (not even as dead rows).
      expect((await copy.scan({ limit: 20_000 })).records).toHaveLength(LIVE);
    } finally {
      await Promise.all([original.close(), copy.close(), middle.close()]);
    }
  });
});
