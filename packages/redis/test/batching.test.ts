import { type SessionDriver, SessionStoreError } from "@sessions/core";
import { type RedisServer, startRedis } from "@sessions/test-services";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BATCH, MAX_BATCHED_CHARS } from "../src/batching.js";
import { redisDriver } from "../src/index.js";
import { connectClient, freshPrefix, keysWithPrefix, rec } from "./helpers.js";

// A server of its own: INFO commandstats counts every client's commands, and the outage
// tests pause and kill it.
let server: RedisServer;
let admin: Awaited<ReturnType<typeof connectClient>>;
beforeAll(async () => {
  server = await startRedis();
  admin = await connectClient(server.url);
});
afterAll(async () => {
  await admin?.close();
  await server?.stop();
});

const HOUR = 3_600_000;
const fresh = (): string => freshPrefix("batch");

/** Calls per command since the server started (INFO commandstats; script-internal calls included). */
async function commandCalls(): Promise<Map<string, number>> {
  const info = await admin.info("commandstats");
  return new Map(
    [...info.matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]),
  );
}

/** How many times each of `names` ran on the server while `run` ran. */
async function countCalls(names: readonly string[], run: () => Promise<unknown>) {
  const before = await commandCalls();
  await run();
  const after = await commandCalls();
  return Object.fromEntries(
    names.map((name) => [name, (after.get(name) ?? 0) - (before.get(name) ?? 0)]),
  );
}

/** Each call's outcome: its value, or the code of the `SessionStoreError` it rejected with. */
async function outcomes(calls: readonly Promise<unknown>[]): Promise<unknown[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) => {
    if (result.status === "fulfilled") return result.value;
    expect(result.reason).toBeInstanceOf(SessionStoreError);
    expect(result.reason).toMatchObject({ driver: "redis" });
    expect(String((result.reason as Error).message)).not.toContain("secret");
    return (result.reason as SessionStoreError).code;
  });
}

async function withDriver(
  run: (driver: SessionDriver, prefix: string) => Promise<void>,
  client?: Awaited<ReturnType<typeof connectClient>>,
) {
  const prefix = fresh();
  const own = client ?? (await connectClient(server.url));
  const driver = redisDriver({ client: own, prefix });
  try {
    await run(driver, prefix);
  } finally {
    await driver.close();
    const keys = await keysWithPrefix(admin, prefix);
    if (keys.length > 0) await admin.unlink(keys);
    if (client === undefined) await own.close();
  }
}

/** Loads every script, single and batch, so that no NOSCRIPT reload shows in the counts. */
async function warmUp(driver: SessionDriver, now: number): Promise<void> {
  for (const n of [1, 2]) {
    const keys = Array.from({ length: n }, (_, i) => `warm:s:${i}`);
    await Promise.all(keys.map((key) => driver.insert(rec(key, null, now + HOUR), now)));
    await Promise.all(
      keys.map((key) => driver.compareAndSet(rec(key, null, now + HOUR, 2), 1, now)),
    );
    await Promise.all(keys.map((key) => driver.touch(key, now + 2 * HOUR, now)));
    await Promise.all(keys.map((key) => driver.delete(key)));
  }
}

describe("calls of one tick", () => {
  it("become one MGET or one EVALSHA (exists: one GETRANGE each); a lone call sends the single command or script", async () => {
    await withDriver(async (driver) => {
      const now = Date.now();
      await warmUp(driver, now);
      const n = 12;
      const records = Array.from({ length: n }, (_, i) =>
        rec(`app:s:${i}`, i % 2 === 0 ? "app:alice" : null, now + HOUR),
      );
      const keys = records.map((r) => r.key);
      const names = ["evalsha", "mget", "get", "getrange", "set", "setrange", "del"];
      const none = Object.fromEntries(names.map((name) => [name, 0]));
      const updated = records.map((r) => ({ ...r, payload: "updated", version: 2 }));
      const all = (value: unknown) => records.map(() => value);
      // Each tick: its calls, the commands the server ran (the batch's own, and those its
      // script ran: an insert of a free key is one SET NX), and what the calls answered.
      const ticks: [string, () => Promise<unknown>[], Record<string, number>, unknown][] = [
        [
          "insert",
          () => records.map((r) => driver.insert(r, now)),
          { evalsha: 1, set: n },
          all(true),
        ],
        ["get", () => keys.map((key) => driver.get(key, now)), { mget: 1 }, records],
        [
          // exists is never batched: one GETRANGE per call (README).
          "exists",
          () => keys.map((key) => driver.exists!(key, now)),
          { getrange: n },
          all(true),
        ],
        [
          "compareAndSet",
          () => updated.map((r) => driver.compareAndSet(r, 1, now)),
          { evalsha: 1, getrange: n, set: n },
          all(true),
        ],
        [
          "touch",
          () => keys.map((key) => driver.touch(key, now + 2 * HOUR, now)),
          { evalsha: 1, getrange: n, setrange: n },
          all(true),
        ],
        [
          "delete",
          () => keys.map((key) => driver.delete(key)),
          { evalsha: 1, getrange: n, del: n },
          all(true),
        ],
      ];
      for (const [label, calls, counts, answers] of ticks) {
        let got: unknown[] = [];
        const ran = await countCalls(names, async () => {
          got = await Promise.all(calls());
        });
        expect(ran, label).toEqual({ ...none, ...counts });
        expect(got, label).toEqual(answers);
      }

      // One call at a time: the single command or script, nothing else.
      const [one] = records;
      const lone = (call: () => Promise<unknown>) => countCalls(names, call);
      expect(await lone(() => driver.insert(one!, now))).toEqual({ ...none, evalsha: 1, set: 1 });
      expect(await lone(() => driver.get(one!.key, now))).toEqual({ ...none, get: 1 });
      expect(await lone(() => driver.exists!(one!.key, now))).toEqual({ ...none, getrange: 1 });
      expect(await lone(() => driver.delete(one!.key))).toEqual({
        ...none,
        evalsha: 1,
        getrange: 1,
        del: 1,
      });
    });
  });

  it(`are split into batches of at most ${MAX_BATCH}`, async () => {
    await withDriver(async (driver) => {
      const now = Date.now();
      const keys = Array.from({ length: 2 * MAX_BATCH + 1 }, (_, i) => `app:s:${i}`);
      await warmUp(driver, now);
      const counts = await countCalls(["evalsha", "mget", "get"], async () => {
        const inserted = await Promise.all(
          keys.map((key) => driver.insert(rec(key, null, now + HOUR), now)),
        );
        expect(inserted.every((ok) => ok)).toBe(true);
        const read = await Promise.all(keys.map((key) => driver.get(key, now)));
        expect(read.map((r) => r?.key)).toEqual(keys);
      });
      // Two full batches, then the one call left over runs alone.
      expect(counts).toEqual({ evalsha: 3, mget: 2, get: 1 });
    });
  });

  it(`leave a write whose arguments exceed ${MAX_BATCHED_CHARS} characters out of the batch`, async () => {
    await withDriver(async (driver) => {
      const now = Date.now();
      await warmUp(driver, now);
      const records = ["a", "b", "c", "d"].map((k) => rec(`app:s:${k}`, "app:kim", now + HOUR));
      const large = { ...records[1]!, payload: "x".repeat(MAX_BATCHED_CHARS) };
      const counts = await countCalls(["evalsha"], async () => {
        const written = [records[0]!, large, records[2]!, records[3]!];
        expect(await Promise.all(written.map((r) => driver.insert(r, now)))).toEqual(
          written.map(() => true),
        );
      });
      // Three small inserts in one batch, the large one alone.
      expect(counts).toEqual({ evalsha: 2 });
      expect(await driver.get(large.key, now)).toEqual(large);
    });
  });

  it("reload their batch scripts after SCRIPT FLUSH (NOSCRIPT)", async () => {
    await withDriver(async (driver) => {
      const now = Date.now();
      const records = ["a", "b", "c"].map((k) => rec(`app:s:${k}`, "app:gina", now + HOUR));
      await Promise.all(records.map((r) => driver.insert(r, now)));
      for (const run of [
        () => records.map((r) => driver.compareAndSet({ ...r, version: 2 }, 1, now)),
        () => records.map((r) => driver.touch(r.key, now + 2 * HOUR, now)),
        () => records.map((r) => driver.delete(r.key)),
        () => records.map((r) => driver.insert(r, now)),
      ]) {
        await admin.scriptFlush();
        expect(await Promise.all(run())).toEqual([true, true, true]);
      }
      expect(await driver.listByOwner("app:gina", now)).toHaveLength(3);
    });
  });
});

describe("a failing call inside a batch", () => {
  // In every batch below: calls that succeed, a key holding a list (WRONGTYPE) and a string
  // that is no record (a Lua error while parsing it), in between.
  const BAD = "app:s:bad";
  const CORRUPT = "app:s:corrupt";

  async function withBadKeys(run: (driver: SessionDriver, now: number) => Promise<void>) {
    await withDriver(async (driver, prefix) => {
      const now = Date.now();
      await admin.rPush(`${prefix}s:${BAD}`, "not a record");
      await admin.set(`${prefix}s:${CORRUPT}`, "secret-garbage");
      await warmUp(driver, now);
      await run(driver, now);
    });
  }

  /** What each bad key makes the call reject with when it runs alone (one call per tick). */
  async function alone(call: (key: string) => Promise<unknown>): Promise<unknown[]> {
    const codes: unknown[] = [];
    for (const key of [BAD, CORRUPT]) {
      const error = await call(key).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionStoreError);
      expect(String((error as Error).message)).not.toContain("secret");
      codes.push((error as SessionStoreError).code);
    }
    return codes;
  }

  it("rejects alone in an insert batch; the others are inserted", async () => {
    await withBadKeys(async (driver, now) => {
      const [a, b, c] = ["a", "b", "c"].map((k) => rec(`app:s:${k}`, "app:hana", now + HOUR));
      const insert = (key: string) => driver.insert(rec(key, "app:hana", now + HOUR), now);
      const [bad, corrupt] = await alone(insert);
      expect([bad, corrupt]).toEqual(["STORE_FAILURE", "STORE_FAILURE"]);
      const counts = await countCalls(["evalsha"], async () => {
        expect(
          await outcomes([
            driver.insert(a!, now),
            insert(BAD),
            driver.insert(b!, now),
            insert(CORRUPT),
            driver.insert(c!, now),
          ]),
        ).toEqual([true, bad, true, corrupt, true]);
      });
      expect(counts).toEqual({ evalsha: 1 });
      expect(await Promise.all([a, b, c].map((r) => driver.get(r!.key, now)))).toEqual([a, b, c]);
      expect(await driver.listByOwner("app:hana", now)).toHaveLength(3);
    });
  });

  it("rejects alone in compare-and-set, touch and delete batches; the others apply", async () => {
    await withBadKeys(async (driver, now) => {
      const [a, b, c] = ["a", "b", "c"].map((k) => rec(`app:s:${k}`, "app:ines", now + HOUR));
      await Promise.all([a, b, c].map((r) => driver.insert(r!, now)));

      const cas = (key: string) => driver.compareAndSet(rec(key, null, now + HOUR, 2), 1, now);
      const casAlone = await alone(cas);
      const a2 = { ...a!, payload: "a2", version: 2 };
      expect(
        await outcomes([
          driver.compareAndSet(a2, 1, now),
          cas(BAD),
          driver.compareAndSet({ ...b!, version: 3 }, 2, now),
          cas(CORRUPT),
          cas("app:s:missing"),
        ]),
      ).toEqual([true, ...casAlone.slice(0, 1), false, ...casAlone.slice(1), false]);
      expect(await driver.get(a!.key, now)).toEqual(a2);
      expect(await driver.get(b!.key, now)).toEqual(b);

      const later = now + 2 * HOUR;
      const touch = (key: string) => driver.touch(key, later, now);
      const touchAlone = await alone(touch);
      expect(
        await outcomes([
          touch(a!.key),
          touch(BAD),
          touch("app:s:missing"),
          touch(CORRUPT),
          touch(c!.key),
        ]),
      ).toEqual([true, touchAlone[0], false, touchAlone[1], true]);
      expect((await driver.get(c!.key, now))?.expiresAt).toBe(later);

      const remove = (key: string) => driver.delete(key);
      const deleteAlone = await alone(remove);
      expect(
        await outcomes([
          remove(a!.key),
          remove(BAD),
          remove(b!.key),
          remove(CORRUPT),
          remove(a!.key),
        ]),
      ).toEqual([true, deleteAlone[0], true, deleteAlone[1], false]);
      expect((await driver.listByOwner("app:ines", now)).map((r) => r.key)).toEqual([c!.key]);
      for (const codes of [casAlone, touchAlone, deleteAlone]) {
        expect(codes).toEqual(["STORE_FAILURE", "STORE_FAILURE"]);
      }
    });
  });

  it("in a read batch: a corrupt value fails its own call; a key of another type is missing to MGET", async () => {
    await withBadKeys(async (driver, now) => {
      const a = rec("app:s:a", null, now + HOUR);
      await driver.insert(a, now);
      const get = (key: string) => driver.get(key, now);
      const exists = (key: string) => driver.exists!(key, now);
      // Alone: GET and GETRANGE fail on a list (WRONGTYPE).
      expect(await alone(get)).toEqual(["STORE_FAILURE", "CORRUPT_RECORD"]);
      expect(await alone(exists)).toEqual(["STORE_FAILURE", "CORRUPT_RECORD"]);
      // Together: MGET answers nil for a key of another type (documented in the README).
      expect(await outcomes([get(a.key), get(BAD), get(CORRUPT), get(a.key)])).toEqual([
        a,
        null,
        "CORRUPT_RECORD",
        a,
      ]);
      // exists sends one GETRANGE per call, batched or not: WRONGTYPE, as alone.
      expect(await outcomes([exists(a.key), exists(BAD), exists(CORRUPT)])).toEqual([
        true,
        "STORE_FAILURE",
        "CORRUPT_RECORD",
      ]);
    });
  });
});

describe("a batch during an outage", () => {
  const TIMEOUT_MS = 400;
  const MARGIN_MS = 500;

  /** One tick of every batched call, three of each; resolves with their outcomes and the time taken. */
  async function tickOfEverything(driver: SessionDriver, now: number) {
    const keys = ["app:s:a", "app:s:b", "app:s:c"];
    const started = performance.now();
    const results = await outcomes(
      keys.flatMap((key) => [
        driver.get(key, now),
        driver.exists!(key, now),
        driver.insert(rec(`${key}-new`, "app:jo", now + HOUR), now),
        driver.compareAndSet(rec(key, "app:jo", now + HOUR, 2), 1, now),
        driver.touch(key, now + 2 * HOUR, now),
        driver.delete(key),
      ]),
    );
    return { results, elapsed: performance.now() - started };
  }

  it("with no reply (CLIENT PAUSE): every caller rejects with TIMEOUT at the deadline", async () => {
    const driver = redisDriver({ url: server.url, prefix: fresh(), timeoutMs: TIMEOUT_MS });
    try {
      const now = Date.now();
      await warmUp(driver, now);
      await admin.sendCommand(["CLIENT", "PAUSE", "1500", "ALL"]);
      const { results, elapsed } = await tickOfEverything(driver, now);
      expect(new Set(results)).toEqual(new Set(["TIMEOUT"]));
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    } finally {
      await admin.sendCommand(["CLIENT", "UNPAUSE"]);
      await driver.close();
    }
  });

  it.each([
    ["an owned client (offline queue off)", "owned"],
    ["an injected client (node-redis defaults, offline queue on)", "injected"],
  ] as const)(
    "with the server killed, %s: every caller settles in bounded time with a typed error; close() returns",
    async (_label, mode) => {
      const injected =
        mode === "injected" ? createClient({ url: server.url }).on("error", () => {}) : undefined;
      if (injected) await injected.connect();
      const driver = redisDriver({
        ...(injected ? { client: injected } : { url: server.url }),
        prefix: fresh(),
        timeoutMs: TIMEOUT_MS,
      });
      try {
        const now = Date.now();
        await warmUp(driver, now);
        await server.kill("SIGKILL");
        for (let round = 0; round < 2; round++) {
          const { results, elapsed } = await tickOfEverything(driver, now);
          for (const code of results) expect(["UNAVAILABLE", "TIMEOUT"]).toContain(code);
          expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
        }
        const pending = tickOfEverything(driver, now);
        // Let the batches go out before closing.
        await new Promise((resolve) => setImmediate(resolve));
        const closing = performance.now();
        await driver.close();
        expect(performance.now() - closing).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
        const { results } = await pending;
        for (const code of results) expect(["UNAVAILABLE", "TIMEOUT", "CLOSED"]).toContain(code);
      } finally {
        await driver.close();
        await server.start();
        if (injected) {
          injected.destroy();
        }
      }
    },
  );
});
