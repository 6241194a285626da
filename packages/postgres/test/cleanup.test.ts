import { describe, expect, it } from "vitest";
import { postgresDriver } from "../src/index.js";
import { connect } from "./helpers.js";

const NOW = 1_900_000_000_000;

describe("deleteExpired in batches", () => {
  it("cleans 1,000,000 expired rows (generate_series) in batches of at most `limit`", async () => {
    const sql = connect();
    const table = `big_${process.pid}`;
    const driver = postgresDriver({ sql, table });
    try {
      await driver.createSchema();
      await sql.unsafe(
        `INSERT INTO "${table}" SELECT 'app:s:' || lpad(i::text, 8, '0'), NULL, '{}', ${NOW - 10_000},
           ${NOW} - 1 - (i % 1000), 1 FROM generate_series(1, 1000000) AS i`,
      );
      await sql.unsafe(
        `INSERT INTO "${table}" VALUES ('app:live', NULL, '{}', ${NOW}, ${NOW + 60_000}, 1)`,
      );
      await sql.unsafe(`ANALYZE "${table}"`);
      const limit = 50_000;
      const batches: number[] = [];
      for (;;) {
        const removed = await driver.deleteExpired(NOW, { limit });
        batches.push(removed);
        expect(removed).toBeLessThanOrEqual(limit);
        if (removed < limit) break;
      }
      expect(batches.reduce((a, b) => a + b, 0)).toBe(1_000_000);
      expect(batches.length).toBe(21);
      expect(await driver.deleteExpired(NOW, { limit })).toBe(0);
      expect(await driver.count(NOW)).toBe(1);
    } finally {
      await driver.dropSchema();
      await sql.end({ timeout: 5 });
    }
  }, 120_000);
});
