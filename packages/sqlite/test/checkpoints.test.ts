import { statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ConfigError, type StoredSession } from "@sessions/core";
import { storedRecord } from "@sessions/test-suite";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

// In WAL mode only a checkpoint writes pages into the main database file, so the file's size
// tells whether one ran. 300 records of ~1 KB stay far below the serving connection's own
// `wal_autocheckpoint` (10,000 pages on an owned file; 0, off, on the injected handles here).
const temp = tempDir("checkpoints");
afterAll(() => temp.remove());
let files = 0;
const freshPath = () => join(temp.dir, `db${files++}.sqlite`);
const NOW = 1_900_000_000_000;
const record = (key: string): StoredSession =>
  storedRecord(key, NOW, { key, owner: null, payload: "x".repeat(1000), expiresAt: NOW + 60_000 });
const sizeOf = (path: string) => statSync(path).size;

async function writeRecords(driver: ReturnType<typeof sqliteDriver>, prefix: string) {
  for (let i = 0; i < 300; i++)
    expect(await driver.insert(record(`${prefix}${i}`), NOW)).toBe(true);
}

/** Waits up to `ms` for `condition`; returns whether it became true. */
async function eventually(condition: () => boolean, ms = 5_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await sleep(20)) {
    if (condition()) return true;
  }
  return condition();
}

/** An injected handle in WAL mode whose own connection never checkpoints. */
function injectedWithoutAutocheckpoint(path: string): Database.Database {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  return db;
}

describe("background checkpoints", () => {
  it("copies a file's WAL into the database off the serving connection, by default on a path", async () => {
    const path = freshPath();
    const driver = sqliteDriver({ database: path });
    await driver.count(NOW); // set up: WAL mode, table, worker started
    const before = sizeOf(path);
    await writeRecords(driver, "k");
    // 300 KB of rows reach the main file although no commit crossed 10,000 WAL pages.
    expect(await eventually(() => sizeOf(path) > before + 250_000)).toBe(true);
    expect(await driver.count(NOW)).toBe(300);
    await driver.close();
  });

  it("leaves an injected handle alone unless asked, and stops with close()", async () => {
    const plainPath = freshPath();
    const plainDb = injectedWithoutAutocheckpoint(plainPath);
    const plain = sqliteDriver({ database: plainDb });
    await plain.count(NOW);
    const plainBefore = sizeOf(plainPath);

    const askedPath = freshPath();
    const askedDb = injectedWithoutAutocheckpoint(askedPath);
    const asked = sqliteDriver({ database: askedDb, backgroundCheckpoints: true });
    await asked.count(NOW);
    const askedBefore = sizeOf(askedPath);

    await writeRecords(plain, "p");
    await writeRecords(asked, "a");
    expect(await eventually(() => sizeOf(askedPath) > askedBefore + 250_000)).toBe(true);
    await sleep(300); // the plain handle had the same time: nothing checkpointed it
    expect(sizeOf(plainPath)).toBe(plainBefore);

    const closing = Date.now();
    await asked.close();
    expect(Date.now() - closing).toBeLessThan(2_000);
    // After close() no worker is left: rows written through the still-open handle stay in the WAL.
    const afterClose = sizeOf(askedPath);
    const insert = askedDb.prepare("INSERT INTO sessions VALUES (?, NULL, ?, 0, ?, 1)");
    for (let i = 0; i < 300; i++) insert.run(`late${i}`, "x".repeat(1000), NOW + 60_000);
    await sleep(300);
    expect(sizeOf(askedPath)).toBe(afterClose);
    expect(askedDb.prepare("SELECT count(*) AS n FROM sessions").get()).toEqual({ n: 600 });

    await plain.close();
    plainDb.close();
    askedDb.close();
  });

  it("refuses backgroundCheckpoints on an in-memory database or of the wrong type, with ConfigError", () => {
    const memory = new Database(":memory:");
    expect(() => sqliteDriver({ database: memory, backgroundCheckpoints: true })).toThrow(
      ConfigError,
    );
    expect(() => sqliteDriver({ database: ":memory:", backgroundCheckpoints: true })).toThrow(
      ConfigError,
    );
    expect(() =>
      sqliteDriver({ database: freshPath(), backgroundCheckpoints: "yes" as unknown as boolean }),
    ).toThrow(ConfigError);
    memory.close();
  });

  it("runs an owned in-memory database without a worker", async () => {
    const driver = sqliteDriver({ database: ":memory:" });
    expect(await driver.insert(record("m"), NOW)).toBe(true);
    expect((await driver.get("m", NOW))?.key).toBe("m");
    await driver.close();
  });
});
