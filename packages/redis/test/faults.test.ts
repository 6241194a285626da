import { createSessionManager, SessionStoreError } from "@sessions/core";
import { type RedisServer, startRedis } from "@sessions/test-services";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisDriver } from "../src/index.js";

const TIMEOUT_MS = 1_000;
const MARGIN_MS = 500;

let server: RedisServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  server = await startRedis({ appendonly: true, appendfsync: "always" });
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Outcome {
  readonly ms: number;
  readonly error?: unknown;
}

/** Times one call; failures are collected, never thrown. */
async function timed(call: () => Promise<unknown>, outcomes: Outcome[]): Promise<boolean> {
  const started = performance.now();
  try {
    await call();
    outcomes.push({ ms: performance.now() - started });
    return true;
  } catch (error) {
    outcomes.push({ ms: performance.now() - started, error });
    return false;
  }
}

describe("redis killed (SIGKILL) and restarted under load", () => {
  it.each([
    ["an owned client ({ url }, offline queue off)", "owned"],
    ["an injected client (node-redis defaults, offline queue on)", "injected"],
  ] as const)(
    "with %s: typed errors in bounded time, reconnect, no acknowledged write lost",
    async (_label, mode) => {
      const injected =
        mode === "injected" ? createClient({ url: server.url }).on("error", () => {}) : undefined;
      if (injected) await injected.connect();
      const prefix = `faults:${mode}:`;
      const driver = redisDriver({
        ...(injected ? { client: injected } : { url: server.url }),
        prefix,
        timeoutMs: TIMEOUT_MS,
      });
      const manager = createSessionManager<{ n: number }>({ driver, ttl: "1h", cleanup: false });
      const acked = new Map<string, number>();
      const outcomes: Outcome[] = [];
      let stop = false;
      let down = false;
      const downOutcomes: Outcome[] = [];

      const worker = async (w: number) => {
        let ops = 0;
        while (!stop && ops < 5_000) {
          ops++;
          const sink = down ? downOutcomes : outcomes;
          const ids = [...acked.keys()];
          if (ids.length < 50 * (w + 1) || ops % 3 === 0) {
            let id = "";
            const ok = await timed(async () => {
              id = (await manager.create({ owner: `user${w}`, data: { n: 0 } })).id;
            }, sink);
            if (ok) acked.set(id, 0);
          } else {
            // Each worker updates only its own sessions, so acknowledged counters are exact.
            const mine = ids.filter((_, i) => i % 4 === w);
            const id = mine[ops % mine.length];
            if (id === undefined) continue;
            const next = acked.get(id)! + 1;
            if (await timed(() => manager.update(id, { n: next }), sink)) acked.set(id, next);
          }
          if (!down) await sleep(0);
          else await sleep(20);
        }
      };
      const load = Promise.all([0, 1, 2, 3].map(worker));

      await sleep(300);
      down = true;
      await server.kill("SIGKILL");
      await sleep(TIMEOUT_MS + 800);
      await server.start();
      down = false;
      // The client reconnects by itself: wait (bounded) for calls to succeed again.
      const deadline = performance.now() + 15_000;
      let recovered = false;
      while (!recovered && performance.now() < deadline) {
        recovered = await manager
          .create({ owner: "probe", data: { n: 0 } })
          .then(() => true)
          .catch(() => false);
        if (!recovered) await sleep(100);
      }
      expect(recovered).toBe(true);
      await sleep(300);
      stop = true;
      await load;

      // While the server was down, every call settled in bounded time with a typed error.
      const failures = downOutcomes.filter((o) => o.error !== undefined);
      expect(failures.length).toBeGreaterThan(0);
      for (const outcome of downOutcomes) expect(outcome.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      for (const { error } of failures) {
        expect(error).toBeInstanceOf(SessionStoreError);
        expect(["UNAVAILABLE", "TIMEOUT"]).toContain((error as SessionStoreError).code);
      }
      expect(outcomes.filter((o) => o.error === undefined).length).toBeGreaterThan(50);

      // Every acknowledged write is present (an update whose outcome was unknown may have landed
      // too, so a counter may be ahead of its acknowledgement, never behind).
      for (const [id, n] of acked) {
        const session = await manager.get(id);
        expect(session, "acknowledged session lost").not.toBeNull();
        expect(session?.data?.n).toBeGreaterThanOrEqual(n);
      }
      await manager.close();
      if (injected) {
        expect(injected.isOpen).toBe(true);
        await injected.close();
      }
      expect(unhandled).toEqual([]);
    },
  );

  it("close() returns in bounded time while the server is down", async () => {
    const driver = redisDriver({ url: server.url, prefix: "faults:close:", timeoutMs: TIMEOUT_MS });
    await driver.count(Date.now());
    await server.kill("SIGKILL");
    try {
      const pending = driver.get("app:s:x", Date.now()).catch((e: unknown) => e);
      const started = performance.now();
      await driver.close();
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      expect(await pending).toBeInstanceOf(SessionStoreError);
    } finally {
      await server.start();
    }
    expect(unhandled).toEqual([]);
  });

  it("a call that gets no reply rejects with TIMEOUT at the driver's own deadline", async () => {
    const admin = createClient({ url: server.url }).on("error", () => {});
    await admin.connect();
    const driver = redisDriver({ url: server.url, prefix: "faults:pause:", timeoutMs: 300 });
    await driver.count(Date.now());
    await admin.sendCommand(["CLIENT", "PAUSE", "1500", "ALL"]);
    const started = performance.now();
    const error = await driver.get("app:s:x", Date.now()).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ code: "TIMEOUT", driver: "redis" });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(300 + MARGIN_MS);
    await admin.sendCommand(["CLIENT", "UNPAUSE"]);
    await driver.close();
    await admin.close();
  });
});
