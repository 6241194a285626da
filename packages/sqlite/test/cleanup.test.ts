import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

const temp = tempDir("cleanup");
afterAll(() => temp.remove());
const NOW = 1_900_000_000_000;

describe("deleteExpired in batches", () => {
  it("cleans 1,000,000 expired rows in batches of at most `limit`, never one giant transaction", async () => {
    const db = new Database(join(temp.dir, "big.db"));
    const driver = sqliteDriver({ database: db, table: "big" });
    await driver.createSchema();
    // Fast fill: one transaction, one prepared statement.
    const insert = db.prepare(
      "INSERT INTO big (key, owner, payload, created_at, expires_at, version) VALUES (?, NULL, '{}', ?, ?, 1)",
    );
    db.transaction(() => {
      for (let i = 0; i < 1_000_000; i++) {
        insert.run(`app:s:${i.toString(36).padStart(8, "0")}`, NOW - 10_000, NOW - 1 - (i % 1000));
      }
      // A few live rows that must survive.
      for (let i = 0; i < 10; i++) insert.run(`app:live:${i}`, NOW, NOW + 60_000);
    })();
    const limit = 50_000;
    const batches: number[] = [];
    for (;;) {
      const removed = await driver.deleteExpired(NOW, { limit });
      batches.push(removed);
      expect(removed).toBeLessThanOrEqual(limit);
      if (removed < limit) break;
    }
    expect(batches.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    expect(batches.length).toBe(21); // 20 full batches, then a short (empty) one
    expect(await driver.deleteExpired(NOW, { limit })).toBe(0);
    expect(await driver.count(NOW)).toBe(10);
    db.close();
  }, 60_000);
});
