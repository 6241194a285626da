import { join } from "node:path";
import type { StoredSession } from "@sessions/core";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

const temp = tempDir("batching");
afterAll(() => temp.remove());
let files = 0;
const NOW = 1_900_000_000_000;
const record = (key: string, init: Partial<StoredSession> = {}): StoredSession => ({
  key,
  owner: "default:alice",
  payload: `{"key":${JSON.stringify(key)}}`,
  createdAt: NOW,
  expiresAt: NOW + 60_000,
  version: 1,
  ...init,
});

/** A driver on an injected database whose statements are all logged (better-sqlite3 verbose). */
async function loggedDriver(...records: StoredSession[]) {
  const log: string[] = [];
  const db = new Database(join(temp.dir, `db${files++}.sqlite`), {
    verbose: (sql) => log.push(String(sql)),
  });
  const driver = sqliteDriver({ database: db });
  for (const r of records) expect(await driver.insert(r, NOW)).toBe(true);
  log.length = 0;
  const reads = () => log.filter((sql) => sql.startsWith("SELECT"));
  return { driver, db, reads };
}

describe("gets of one tick (tickBatcher, lead)", () => {
  it("a caller awaiting one get at a time runs the single-key statement each time", async () => {
    const { driver, db, reads } = await loggedDriver(record("a"), record("b"));
    expect(await driver.get("a", NOW)).toEqual(record("a"));
    expect(await driver.get("b", NOW)).toEqual(record("b"));
    expect(await driver.get("missing", NOW)).toBeNull();
    expect(reads()).toHaveLength(3);
    expect(reads().every((sql) => !sql.includes("json_each"))).toBe(true);
    await driver.close();
    db.close();
  });

  it("runs the first of 40 concurrent gets alone and the other 39 as one statement", async () => {
    const stored = Array.from({ length: 30 }, (_, i) => record(`k${i}`));
    const { driver, db, reads } = await loggedDriver(...stored);
    const keys = [...stored.map((r) => r.key), ...stored.slice(0, 5).map((r) => r.key)];
    keys.push("missing-1", "missing-2", "missing-3", "missing-4", "missing-5");
    const got = await Promise.all(keys.map((key) => driver.get(key, NOW)));
    expect(got).toEqual(keys.map((key) => stored.find((r) => r.key === key) ?? null));
    expect(reads()).toHaveLength(2);
    expect(reads()[1]).toContain("json_each");
    await driver.close();
    db.close();
  });

  it("runs keys JSON cannot carry exactly (NUL, lone surrogates) alone, with their own answers", async () => {
    const odd = [record("nul\0key"), record("lone\ud800")];
    const { driver, db, reads } = await loggedDriver(record("plain"), ...odd);
    const keys = ["plain", "nul\0key", "lone\ud800", "plain"];
    const alone = [];
    for (const key of keys) alone.push(await driver.get(key, NOW));
    const before = reads().length;
    expect(await Promise.all(keys.map((key) => driver.get(key, NOW)))).toEqual(alone);
    expect(
      reads()
        .slice(before)
        .some((sql) => sql.includes("json_each")),
    ).toBe(false);
    await driver.close();
    db.close();
  });

  it("a batch that fails runs each get alone: every caller gets its own typed error", async () => {
    const { driver, db } = await loggedDriver(record("a"));
    db.exec(`DROP TABLE "sessions"`);
    const settled = await Promise.allSettled(["a", "b", "c"].map((key) => driver.get(key, NOW)));
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    for (const s of settled) {
      const reason = (s as PromiseRejectedResult).reason;
      expect(reason).toMatchObject({ name: "SessionStoreError", code: "STORE_FAILURE" });
    }
    await driver.close();
    db.close();
  });
});
