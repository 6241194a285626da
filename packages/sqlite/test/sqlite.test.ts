import { join } from "node:path";
import { ConfigError, SessionStoreError, type StoredSession } from "@sessions/core";
import { hostileKey, hostileValueCalls, storedRecord } from "@sessions/test-suite";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDriver } from "../src/index.js";
import { statements } from "../src/statements.js";
import { tempDir } from "./helpers.js";

const temp = tempDir("unit");
afterAll(() => temp.remove());
let files = 0;
const freshPath = () => join(temp.dir, `db${files++}.sqlite`);
const NOW = 1_900_000_000_000;
const record = (key: string, init: Partial<StoredSession> = {}): StoredSession =>
  storedRecord(key, NOW, { key, owner: null, payload: "{}", expiresAt: NOW + 60_000, ...init });
const catalog = (db: Database.Database) =>
  db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all();

describe("identifiers (IN-1)", () => {
  it.each(["x; DROP TABLE y", 'a"b', "", "a".repeat(64), "1abc", "a-b", "a.b", "sessions\0"])(
    "refuses the table name %j at construction with ConfigError; the catalog is unchanged",
    (table) => {
      const db = new Database(freshPath());
      sqliteDriver({ database: db }); // a legitimate table to compare against
      db.exec("CREATE TABLE y (a INTEGER)");
      const before = catalog(db);
      expect(() => sqliteDriver({ database: db, table })).toThrow(ConfigError);
      expect(catalog(db)).toEqual(before);
      db.close();
    },
  );

  it("accepts a 63-character identifier", async () => {
    const driver = sqliteDriver({ database: freshPath(), table: `a${"b".repeat(62)}` });
    expect(await driver.insert(record("k"), NOW)).toBe(true);
    await driver.close();
  });
});

describe("statements (one parameterized statement per operation, condition inside)", () => {
  const sql = statements('"t"');
  it("puts every condition in the statement", () => {
    expect(sql.compareAndSet).toMatch(/WHERE key = \? AND version = \? AND expires_at > \?$/);
    expect(sql.compareAndDelete).toMatch(
      /^DELETE .* WHERE key = \? AND version = \? AND expires_at > \?$/,
    );
    expect(sql.insert).toMatch(
      /ON CONFLICT \(key\) DO UPDATE SET[\s\S]*WHERE "t"\.expires_at <= \?$/,
    );
    expect(sql.touch).toMatch(/WHERE key = \? AND expires_at > \?$/);
    expect(sql.deleteExpiredRange).toMatch(
      /DELETE FROM "t" WHERE key IN\s+\(SELECT key FROM "t" WHERE expires_at <= \? AND key >= \? AND key < \? LIMIT \?\)/,
    );
    for (const text of Object.values(sql)) {
      expect(text).not.toMatch(/LIKE/i);
      expect(text.split(";").length).toBe(1);
    }
  });

  it("binds hostile values as parameters: each call runs exactly one statement and no value enters SQL text", async () => {
    const db = new Database(freshPath());
    const driver = sqliteDriver({ database: db, table: "victim" });
    await driver.count(NOW); // creates the table
    const texts: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      texts.push(source);
      return prepare(source);
    }) as typeof db.prepare;
    let runs = 0;
    const calls = hostileValueCalls(driver, "victim", NOW);
    for (const call of calls) {
      const before = texts.length;
      runs++;
      await call();
      expect(texts.length - before).toBeLessThanOrEqual(1); // prepared once, cached after
    }
    expect(runs).toBe(calls.length);
    for (const text of texts) {
      expect(text).not.toContain("DROP");
      expect(text).not.toContain("'1'='1");
    }
    expect(await driver.get(hostileKey("victim"), NOW)).toBeNull();
    expect(catalog(db).map((row) => (row as { name: string }).name)).toContain("victim");
    db.close();
  });
});

describe("schema", () => {
  it("indexes owner and expires_at: listByOwner and deleteExpired are index searches, batched gets key lookups (EXPLAIN QUERY PLAN)", async () => {
    const db = new Database(freshPath());
    const driver = sqliteDriver({ database: db, table: "plans" });
    await driver.createSchema();
    const sql = statements('"plans"');
    const plan = (text: string, ...params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join(" | ");
    const owners = plan(sql.listByOwner, "o", NOW);
    expect(owners).toMatch(/SEARCH plans USING INDEX plans_owner \(owner=\?\)/);
    const expired = plan(sql.deleteExpired, NOW, 100);
    expect(expired).toMatch(/SEARCH plans USING (COVERING )?INDEX plans_expires \(expires_at<\?\)/);
    const ranged = plan(sql.scanRange, "", "a:", "a;", 10);
    expect(ranged).toMatch(
      /SEARCH plans USING INDEX sqlite_autoindex_plans_1 \(key>\? AND key<\?\)/,
    );
    // The gets of one tick: one primary-key lookup per key of the JSON array, no table scan.
    const batch = plan(sql.getMany, '["a","b"]', NOW);
    expect(batch).toMatch(/SEARCH t USING INDEX sqlite_autoindex_plans_1 \(key=\?\)/);
    expect(batch).not.toMatch(/SCAN t\b/);
    db.close();
  });

  it("createSchema is idempotent; dropSchema removes the table; createTableIfMissing: false creates nothing", async () => {
    const db = new Database(freshPath());
    const driver = sqliteDriver({ database: db, table: "s1", createTableIfMissing: false });
    await expect(driver.get("k", NOW)).rejects.toMatchObject({ code: "STORE_FAILURE" });
    await driver.createSchema();
    await driver.createSchema();
    expect(await driver.insert(record("k"), NOW)).toBe(true);
    await driver.dropSchema();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 's1'").get()).toBeUndefined();
    db.close();
  });
});

describe("durability settings (RL-4)", () => {
  it("opens in WAL with synchronous=NORMAL by default, FULL on request", async () => {
    const db = new Database(freshPath());
    const driver = sqliteDriver({ database: db });
    await driver.count(NOW);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
    expect(db.pragma("busy_timeout", { simple: true })).toBe(50);
    const full = sqliteDriver({ database: db, synchronous: "full" });
    await full.count(NOW);
    expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
    db.close();
  });

  it("runs every write through a BEGIN IMMEDIATE transaction, reads outside of one", async () => {
    const db = new Database(freshPath());
    const modes: string[] = [];
    const original = db.transaction.bind(db);
    // Observe which flavour of better-sqlite3 transaction the driver calls.
    db.transaction = ((fn: (...args: unknown[]) => unknown) => {
      const tx = original(fn);
      const spy =
        (kind: "deferred" | "immediate" | "exclusive") =>
        (...args: unknown[]) => {
          modes.push(kind);
          return tx[kind](...args);
        };
      return Object.assign(spy("deferred"), {
        deferred: spy("deferred"),
        immediate: spy("immediate"),
        exclusive: spy("exclusive"),
      });
    }) as typeof db.transaction;
    const driver = sqliteDriver({ database: db });
    await driver.count(NOW);
    modes.length = 0;
    await driver.insert(record("a"), NOW);
    await driver.touch("a", NOW + 1_000, NOW);
    await driver.compareAndSet(record("a", { version: 2 }), 1, NOW);
    await driver.deleteExpired(NOW, { limit: 10 });
    await driver.deleteByOwner("o");
    await driver.delete("a");
    await driver.clear();
    expect(modes).toEqual(Array(7).fill("immediate"));
    await driver.get("a", NOW);
    await driver.scan({ limit: 10 });
    expect(modes).toHaveLength(7);
    db.close();
  });

  it("group commit: 50 concurrent writes share one BEGIN IMMEDIATE transaction, each with its own result", async () => {
    const db = new Database(freshPath());
    let transactions = 0;
    const original = db.transaction.bind(db);
    db.transaction = ((fn: (...args: unknown[]) => unknown) => {
      const tx = original(fn);
      return Object.assign((...args: unknown[]) => tx(...args), {
        deferred: tx.deferred,
        exclusive: tx.exclusive,
        immediate: (...args: unknown[]) => {
          transactions++;
          return tx.immediate(...args);
        },
      });
    }) as typeof db.transaction;
    const driver = sqliteDriver({ database: db });
    await driver.count(NOW);
    transactions = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => driver.insert(record(`k${i % 25}`), NOW)),
    );
    expect(transactions).toBe(1);
    expect(results.filter(Boolean)).toHaveLength(25); // the second insert of each key loses
    expect(await driver.count(NOW)).toBe(25);
    db.close();
  });

  it("group commit: a batch blocked by another process's lock is replayed write by write once it is free", async () => {
    const path = freshPath();
    const driver = sqliteDriver({ database: path, lockTimeoutMs: 3_000 });
    await driver.count(NOW);
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const writes = Array.from({ length: 10 }, (_, i) => driver.insert(record(`b${i}`), NOW));
    await new Promise((resolve) => setTimeout(resolve, 200));
    other.exec("COMMIT");
    other.close();
    expect(await Promise.all(writes)).toEqual(Array(10).fill(true));
    expect(await driver.count(NOW)).toBe(10);
    await driver.close();
  });

  it("a held lock is waited for asynchronously: the write succeeds once it is released, and no raw SQLITE_BUSY escapes", async () => {
    const path = freshPath();
    const driver = sqliteDriver({ database: path, lockTimeoutMs: 3_000 });
    await driver.count(NOW);
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const write = driver.insert(record("waited"), NOW);
    await new Promise((resolve) => setTimeout(resolve, 300));
    other.exec("COMMIT");
    other.close();
    expect(await write).toBe(true);
    clearInterval(ticker);
    // The event loop kept running while the write waited (SQLite's own wait is only 50 ms).
    expect(ticks).toBeGreaterThan(3);
    await driver.close();
  });

  it("after the bound, a held lock gives LOCK_TIMEOUT (a SessionStoreError), never SQLITE_BUSY", async () => {
    const path = freshPath();
    const driver = sqliteDriver({ database: path, lockTimeoutMs: 200 });
    await driver.count(NOW);
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const started = performance.now();
    const error = await driver.touch("k", NOW + 1, NOW).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({ code: "LOCK_TIMEOUT", driver: "sqlite" });
    expect((error as Error).message).not.toMatch(/SQLITE_BUSY/);
    other.exec("ROLLBACK");
    other.close();
    await driver.close();
  });
});

describe("ownership of the database handle", () => {
  it("closes a database it opened from a path, never an injected one; close is idempotent", async () => {
    const injected = new Database(freshPath());
    const a = sqliteDriver({ database: injected });
    await a.close();
    await a.close();
    expect(injected.open).toBe(true);
    await expect(a.get("k", NOW)).rejects.toMatchObject({ code: "CLOSED" });
    injected.close();
    const b = sqliteDriver({ database: freshPath() });
    await b.count(NOW);
    await b.close();
    await expect(b.createSchema()).rejects.toMatchObject({ code: "CLOSED" });
  });
});

describe("owners that UTF-8 cannot hold", () => {
  it("keeps owners with lone surrogates apart from U+FFFD and round-trips them", async () => {
    const driver = sqliteDriver({ database: freshPath() });
    const owners = ["a\ud800", "a\ufffd", "a\udc00b", "a\u0000b"];
    for (const [i, owner] of owners.entries()) await driver.insert(record(`k${i}`, { owner }), NOW);
    for (const [i, owner] of owners.entries()) {
      const listed = await driver.listByOwner(owner, NOW);
      expect(listed.map((r) => [r.key, r.owner])).toEqual([[`k${i}`, owner]]);
    }
    expect(await driver.deleteByOwner("a\ud800")).toBe(1);
    expect(await driver.count(NOW)).toBe(3);
    await driver.close();
  });
});
