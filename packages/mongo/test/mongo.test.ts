import { ConfigError, type SessionDriver, SessionStoreError } from "@sessions/core";
import { storedRecord } from "@sessions/test-suite";
import { describe, expect, it } from "vitest";
import { mongoDriver } from "../src/index.js";
import { mingoCollection } from "./mingo-collection.js";

const NOW = Date.now();
const HOSTILE = [
  ["an operator object", { $ne: null }],
  ["a $gt object", { $gt: "" }],
  ["an array", ["a"]],
  ["a number", 42],
  ["null", null],
  ["a regex", /.*/],
] as const;

describe("only strings reach filters (IN-2)", () => {
  const calls: [string, (driver: SessionDriver, bad: never) => Promise<unknown>][] = [
    ["get", (d, bad) => d.get(bad, NOW)],
    ["touch", (d, bad) => d.touch(bad, NOW + 1, NOW)],
    ["delete", (d, bad) => d.delete(bad)],
    ["listByOwner", (d, bad) => d.listByOwner(bad, NOW)],
    ["deleteByOwner", (d, bad) => d.deleteByOwner(bad)],
    ["insert (key)", (d, bad) => d.insert({ ...storedRecord("a", NOW), key: bad }, NOW)],
    ["insert (owner)", (d, bad) => d.insert({ ...storedRecord("a", NOW), owner: bad }, NOW)],
    [
      "compareAndSet (key)",
      (d, bad) => d.compareAndSet({ ...storedRecord("a", NOW), key: bad }, 1, NOW),
    ],
    ["compareAndSet (version)", (d, bad) => d.compareAndSet(storedRecord("a", NOW), bad, NOW)],
    ["get (now)", (d, bad) => d.get("k", bad)],
    ["scan (cursor)", (d, bad) => d.scan({ limit: 5, cursor: bad })],
    ["scan (prefix)", (d, bad) => d.scan({ limit: 5, prefix: bad })],
    ["count (prefix)", (d, bad) => d.count(NOW, { prefix: bad })],
    ["deleteExpired (prefix)", (d, bad) => d.deleteExpired(NOW, { prefix: bad })],
  ];
  for (const [method, call] of calls) {
    it(`${method} refuses operator objects, arrays and non-strings before any collection call`, async () => {
      for (const [, bad] of HOSTILE) {
        if (method.includes("version") || method.includes("now")) {
          if (typeof bad === "number") continue; // a number is the right type there
        }
        if (method === "insert (owner)" && bad === null) continue; // null = unowned
        const collection = mingoCollection();
        const driver = mongoDriver({ collection });
        const result = call(driver, bad as never);
        expect(result).toBeInstanceOf(Promise);
        await expect(result).rejects.toBeInstanceOf(ConfigError);
        expect(collection.calls).toEqual([]);
      }
    });
  }

  it("a string that looks like an operator is just a string", async () => {
    const collection = mingoCollection();
    const driver = mongoDriver({ collection });
    await driver.insert({ ...storedRecord("a", NOW), key: "$gt", owner: "$ne" }, NOW);
    expect(await driver.get("$gt", NOW)).not.toBeNull();
    expect(await driver.listByOwner("$ne", NOW)).toHaveLength(1);
    expect(collection.calls.find((c) => c.method === "findOne")?.filter).toEqual({
      _id: "$gt",
      expiresAt: { $gt: NOW },
    });
  });
});

describe("options", () => {
  it.each(["", "a b", "sessions$x", "system.sessions", "a/b", "x".repeat(121), "ä"])(
    "refuses the collection name %j (ConfigError)",
    (name) => {
      expect(() => mongoDriver({ collection: mingoCollection(name) })).toThrow(ConfigError);
      expect(() =>
        mongoDriver({ url: "mongodb://127.0.0.1:1", dbName: "x", collectionName: name }),
      ).toThrow(ConfigError);
    },
  );

  it("refuses a bad dbName, a missing target and a bad timeout", () => {
    expect(() => mongoDriver({ url: "mongodb://127.0.0.1:1", dbName: "a.b" })).toThrow(ConfigError);
    expect(() => mongoDriver({} as never)).toThrow(ConfigError);
    expect(() => mongoDriver({ url: "mongodb://127.0.0.1:1", dbName: "x", timeoutMs: 0 })).toThrow(
      ConfigError,
    );
  });

  it("creates its indexes once, on first use", async () => {
    const collection = mingoCollection();
    const driver = mongoDriver({ collection });
    await driver.get("k", NOW);
    await driver.count(NOW);
    expect(collection.calls.filter((c) => c.method === "createIndexes")).toHaveLength(1);
  });

  it("never closes an injected collection's client; rejects with CLOSED afterwards", async () => {
    const driver = mongoDriver({ collection: mingoCollection() });
    await driver.close();
    await driver.close();
    await expect(driver.get("k", NOW)).rejects.toMatchObject({ code: "CLOSED", driver: "mongo" });
  });

  it("reports an unreachable server as a typed error within its timeout (real mongodb driver)", async () => {
    const driver = mongoDriver({ url: "mongodb://127.0.0.1:1", dbName: "x", timeoutMs: 500 });
    const started = performance.now();
    const error = await driver.get("k", NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(["UNAVAILABLE", "TIMEOUT"]).toContain((error as SessionStoreError).code);
    expect((error as Error).cause).toBeDefined();
    expect(performance.now() - started).toBeLessThan(3_000);
    await driver.close();
  });
});
