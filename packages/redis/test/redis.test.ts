import { ConfigError, type SessionDriver, SessionStoreError } from "@sessions/core";
import { startRedis } from "@sessions/test-services";
import { storedRecord } from "@sessions/test-suite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisDriver } from "../src/index.js";
import { connectClient, freshPrefix, keysWithPrefix, rec, redisUrl } from "./helpers.js";

let client: Awaited<ReturnType<typeof connectClient>>;
beforeAll(async () => {
  client = await connectClient();
});
afterAll(() => client.close());

const HOUR = 3_600_000;
/** Lua that keeps the server busy for 800 ms (by its own clock) and returns 1. */
const SPIN_800_MS = `local t = redis.call('TIME')
local stop = t[1] * 1000000 + t[2] + 800000
while true do
  local n = redis.call('TIME')
  if n[1] * 1000000 + n[2] >= stop then return 1 end
end`;
const fresh = (): string => freshPrefix("sessions");

async function withDriver(run: (driver: SessionDriver, prefix: string) => Promise<void>) {
  const prefix = fresh();
  const driver = redisDriver({ client, prefix });
  try {
    await run(driver, prefix);
  } finally {
    await driver.close();
    const keys = await keysWithPrefix(client, prefix);
    if (keys.length > 0) await client.unlink(keys);
  }
}

describe("native TTL", () => {
  it("sets PXAT from expiresAt, rounded up, and moves it on touch", async () => {
    await withDriver(async (driver, prefix) => {
      const now = Date.now();
      const expiresAt = now + HOUR + 0.25;
      expect(await driver.insert(rec("app:s:a", "app:alice", expiresAt), now)).toBe(true);
      expect(await client.pExpireTime(`${prefix}s:app:s:a`)).toBe(Math.ceil(expiresAt));
      expect((await driver.get("app:s:a", now))?.expiresAt).toBe(expiresAt);
      expect(await driver.touch("app:s:a", now + 2 * HOUR, now)).toBe(true);
      expect(await client.pExpireTime(`${prefix}s:app:s:a`)).toBe(now + 2 * HOUR);
      expect(await client.pExpireTime(`${prefix}o:app:alice`)).toBe(now + 2 * HOUR);
    });
  });

  it("never writes a record whose deadline has passed", async () => {
    await withDriver(async (driver, prefix) => {
      const now = Date.now();
      expect(await driver.insert(rec("app:s:dead", "app:bob", now - 1), now)).toBe(true);
      expect(await keysWithPrefix(client, prefix)).toEqual([]);
      await driver.insert(rec("app:s:live", "app:bob", now + HOUR), now);
      const live = { ...rec("app:s:live", "app:bob", now), version: 2 };
      expect(await driver.compareAndSet(live, 1, now)).toBe(true);
      expect(await keysWithPrefix(client, prefix)).toEqual([]);
    });
  });

  it("lets Redis evict an expired record and its owner index by itself (one real wait)", async () => {
    await withDriver(async (driver, prefix) => {
      const now = Date.now();
      // 1 s: the keys must still be there when listed right after the insert, even on a slow run.
      await driver.insert(rec("app:s:short", "app:carol", now + 1_000), now);
      expect(await keysWithPrefix(client, prefix)).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(await keysWithPrefix(client, prefix)).toEqual([]);
    });
  });
});

describe("owner index", () => {
  it("expires with its latest session and disappears with the last one", async () => {
    await withDriver(async (driver, prefix) => {
      const now = Date.now();
      const index = `${prefix}o:app:dave`;
      await driver.insert(rec("app:s:1", "app:dave", now + HOUR), now);
      await driver.insert(rec("app:s:2", "app:dave", now + 3 * HOUR), now);
      await driver.insert(rec("app:s:3", "app:dave", now + 2 * HOUR), now);
      expect(await client.zCard(index)).toBe(3);
      expect(await client.pExpireTime(index)).toBe(now + 3 * HOUR);
      await driver.delete("app:s:2");
      expect(await client.pExpireTime(index)).toBe(now + 2 * HOUR);
      // A compare-and-set that moves the session to another owner moves its index entry.
      const moved = { ...rec("app:s:3", "app:erin", now + 2 * HOUR), version: 2 };
      expect(await driver.compareAndSet(moved, 1, now)).toBe(true);
      expect(await client.zRange(index, 0, -1)).toEqual(["app:s:1"]);
      expect(await client.pExpireTime(index)).toBe(now + HOUR);
      await driver.delete("app:s:1");
      expect(await client.exists(index)).toBe(0);
      await driver.deleteByOwner("app:erin");
      expect(await keysWithPrefix(client, prefix)).toEqual([]);
    });
  });

  it("keeps its expiry when a member other than the latest leaves", async () => {
    await withDriver(async (driver, prefix) => {
      const now = Date.now();
      const index = `${prefix}o:app:frank`;
      await driver.insert(rec("app:s:a", "app:frank", now + HOUR), now);
      await driver.insert(rec("app:s:b", "app:frank", now + 2 * HOUR), now);
      await driver.delete("app:s:a");
      expect(await client.zRange(index, 0, -1)).toEqual(["app:s:b"]);
      expect(await client.pExpireTime(index)).toBe(now + 2 * HOUR);
    });
  });

  it("works with owners longer than the header the scripts read first (256 bytes)", async () => {
    await withDriver(async (driver, prefix) => {
      const now = Date.now();
      const owner = `app:${"é".repeat(400)}`; // 804 bytes of UTF-8
      const index = `${prefix}o:${owner}`;
      await driver.insert(rec("app:s:long", owner, now + HOUR), now);
      await driver.insert(rec("app:s:long2", owner, now + 2 * HOUR), now);
      expect(await driver.touch("app:s:long", now + 3 * HOUR, now)).toBe(true);
      expect(await client.pExpireTime(index)).toBe(now + 3 * HOUR);
      const updated = { ...rec("app:s:long", owner, now + 3 * HOUR), version: 2 };
      expect(await driver.compareAndSet(updated, 1, now)).toBe(true);
      expect((await driver.listByOwner(owner, now)).map((r) => r.key).sort()).toEqual([
        "app:s:long",
        "app:s:long2",
      ]);
      expect(await driver.delete("app:s:long")).toBe(true);
      expect(await client.zRange(index, 0, -1)).toEqual(["app:s:long2"]);
      expect(await client.pExpireTime(index)).toBe(now + 2 * HOUR);
      expect(await driver.deleteByOwner(owner)).toBe(1);
      expect(await keysWithPrefix(client, prefix)).toEqual([]);
    });
  });

  it("is pruned of dead members on read and by deleteExpired", async () => {
    await withDriver(async (driver, prefix) => {
      const now = Date.now();
      const index = `${prefix}o:app:frank`;
      await driver.insert(rec("app:s:a", "app:frank", now + HOUR), now);
      await driver.insert(rec("app:s:b", "app:frank", now + 2 * HOUR), now);
      await driver.insert(rec("app:s:c", "app:frank", now + 3 * HOUR), now);
      const later = now + HOUR;
      expect((await driver.listByOwner("app:frank", later)).map((r) => r.key).sort()).toEqual([
        "app:s:b",
        "app:s:c",
      ]);
      expect(await client.zRange(index, 0, -1)).toEqual(["app:s:b", "app:s:c"]);
      expect(await driver.deleteExpired(now + 2 * HOUR)).toBe(2);
      expect(await client.zRange(index, 0, -1)).toEqual(["app:s:c"]);
      expect(await driver.deleteExpired(now + 3 * HOUR)).toBe(1);
      expect(await keysWithPrefix(client, prefix)).toEqual([]);
    });
  });

  it("keeps owners with lone surrogates apart from their U+FFFD look-alikes", async () => {
    await withDriver(async (driver) => {
      const now = Date.now();
      await driver.insert(rec("app:s:x", "app:\ud800", now + HOUR), now);
      await driver.insert(rec("app:s:y", "app:\ufffd", now + HOUR), now);
      expect((await driver.listByOwner("app:\ud800", now)).map((r) => r.key)).toEqual(["app:s:x"]);
      expect((await driver.listByOwner("app:\ufffd", now)).map((r) => r.key)).toEqual(["app:s:y"]);
      expect(await driver.deleteByOwner("app:\ud800")).toBe(1);
      expect(await driver.get("app:s:y", now)).not.toBeNull();
    });
  });
});

describe("key layout", () => {
  it("writes only keys under its prefix (checked on a database of its own)", async () => {
    const own = await connectClient(`${redisUrl()}/7`);
    try {
      await own.flushDb();
      const driver = redisDriver({ client: own, prefix: "myapp:" });
      const now = Date.now();
      await driver.insert(storedRecord("one", now, { owner: "default:alice" }), now);
      await driver.insert(storedRecord("two", now, { owner: null }), now);
      await driver.touch(storedRecord("one", now).key, now + 5 * HOUR, now);
      const all = await keysWithPrefix(own, "");
      expect(all.length).toBe(3);
      for (const key of all) expect(key.startsWith("myapp:")).toBe(true);
      await driver.clear();
      expect(await own.dbSize()).toBe(0);
      await driver.close();
    } finally {
      await own.flushDb();
      await own.close();
    }
  });

  it("uses SCAN, never KEYS, for scan, count, deleteExpired and clear", async () => {
    const stats = async () => {
      const info = await client.info("commandstats");
      const calls = (name: string) =>
        Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
      return { keys: calls("keys"), scan: calls("scan") };
    };
    await withDriver(async (driver) => {
      const now = Date.now();
      for (let i = 0; i < 30; i++) await driver.insert(rec(`app:s:${i}`, null, now + HOUR), now);
      const before = await stats();
      let cursor: string | undefined;
      let seen = 0;
      do {
        const page = await driver.scan({ limit: 7, ...(cursor !== undefined && { cursor }) });
        seen += page.records.length;
        cursor = page.cursor;
      } while (cursor !== undefined);
      expect(seen).toBe(30);
      expect(await driver.count(now)).toBe(30);
      expect(await driver.deleteExpired(now + 2 * HOUR, { limit: 10 })).toBe(10);
      await driver.clear();
      const after = await stats();
      expect(after.keys).toBe(before.keys);
      expect(after.scan).toBeGreaterThan(before.scan);
    });
  });

  it.each([
    ["empty", ""],
    ["a space", "my app:"],
    ["a glob star", "app*:"],
    ["a glob question mark", "app?:"],
    ["glob brackets", "app[1]:"],
    ["hash-tag braces", "{app}:"],
    ["a backslash", "app\\:"],
    ["non-ASCII", "äpp:"],
    ["a newline", "app\n"],
    ["a non-string", 42],
  ])("refuses a prefix with %s (ConfigError)", (_label, prefix) => {
    expect(() => redisDriver({ client, prefix: prefix as string })).toThrow(ConfigError);
  });
});

describe("client ownership and errors", () => {
  it("never closes an injected client", async () => {
    const own = await connectClient();
    const driver = redisDriver({ client: own, prefix: fresh() });
    await driver.close();
    await driver.close();
    expect(own.isOpen).toBe(true);
    expect(await own.ping()).toBe("PONG");
    await expect(driver.get("app:s:a", Date.now())).rejects.toMatchObject({
      code: "CLOSED",
      driver: "redis",
    });
    await own.close();
  });

  it("owns, connects and closes a client created from a URL", async () => {
    const driver = redisDriver({ url: redisUrl(), prefix: fresh() });
    const now = Date.now();
    expect(await driver.insert(rec("app:s:u", null, now + HOUR), now)).toBe(true);
    expect(await driver.delete("app:s:u")).toBe(true);
    await driver.close();
    await driver.close();
    await expect(driver.count(now)).rejects.toMatchObject({ code: "CLOSED" });
  });

  it("reports an unreachable server as UNAVAILABLE at once, with the cause kept", async () => {
    const driver = redisDriver({ url: "redis://127.0.0.1:1", timeoutMs: 2_000 });
    const started = performance.now();
    const error = await driver.get("app:s:a", Date.now()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", driver: "redis" });
    expect((error as Error).cause).toBeDefined();
    expect(performance.now() - started).toBeLessThan(2_500);
    await driver.close();
  });

  it("reports a server stuck in a long script (BUSY reply) as UNAVAILABLE, and serves after", async () => {
    // A server of its own: the script blocks every client of that server while it runs.
    const server = await startRedis();
    const admin = await connectClient(server.url);
    const driver = redisDriver({ url: server.url, prefix: fresh(), timeoutMs: 2_000 });
    try {
      expect(await driver.count(Date.now())).toBe(0);
      await admin.configSet("busy-reply-threshold", "100");
      // Spins for 800 ms of server time; after 100 ms Redis answers other clients BUSY.
      const spinning = admin.sendCommand(["EVAL", SPIN_800_MS, "0"]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const error = await driver.get("app:s:a", Date.now()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionStoreError);
      expect(error).toMatchObject({ code: "UNAVAILABLE", driver: "redis" });
      expect(((error as Error).cause as Error).message).toMatch(/^BUSY/);
      expect(await spinning).toBe(1);
      expect(await driver.get("app:s:a", Date.now())).toBeNull();
    } finally {
      await driver.close();
      await admin.close();
      await server.stop();
    }
  });

  it("reloads its scripts after SCRIPT FLUSH (NOSCRIPT)", async () => {
    await withDriver(async (driver) => {
      const now = Date.now();
      await driver.insert(rec("app:s:1", "app:gina", now + HOUR), now);
      await client.scriptFlush();
      expect(await driver.insert(rec("app:s:2", "app:gina", now + HOUR), now)).toBe(true);
      expect(await driver.listByOwner("app:gina", now)).toHaveLength(2);
    });
  });

  it("fails closed on a corrupt record (CORRUPT_RECORD), without echoing its bytes", async () => {
    await withDriver(async (driver, prefix) => {
      await client.set(`${prefix}s:app:s:bad`, "secret-garbage");
      const error = await driver.get("app:s:bad", Date.now()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "CORRUPT_RECORD", driver: "redis" });
      expect(String((error as Error).message)).not.toContain("secret");
    });
  });

  it("rejects (never throws) on invalid input", async () => {
    await withDriver(async (driver) => {
      const bad = rec("app:s:\ud800", null, Date.now() + HOUR);
      const call = driver.insert(bad, Date.now());
      expect(call).toBeInstanceOf(Promise);
      await expect(call).rejects.toBeInstanceOf(SessionStoreError);
    });
  });
});
