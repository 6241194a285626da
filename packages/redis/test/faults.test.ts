import { createSessionManager, SessionStoreError } from "@sessions/core";
import { type RedisServer, startRedis } from "@sessions/test-services";
import { expectBoundedOutage, runOutageUnderLoad } from "@sessions/test-services/outage-load";
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
      const result = await runOutageUnderLoad({
        manager,
        maxOps: 5_000,
        creates: (w, ops, _own, all) => all < 50 * (w + 1) || ops % 3 === 0,
        warmupMs: 300,
        stop: () => server.kill("SIGKILL"),
        // Twice the call deadline: with the offline queue on, a call cut off by the kill times
        // out after TIMEOUT_MS, and the next one is queued for another TIMEOUT_MS. A shorter
        // outage let that queued call reach the restarted server, and no
        // call failed while the server was down (seen once in a full run on a loaded machine).
        downMs: TIMEOUT_MS * 2 + 800,
        start: () => server.start(),
        // The client reconnects by itself: wait (bounded) for calls to succeed again.
        recoveryMs: 15_000,
        settleMs: 300,
      });
      expect(result.recovered).toBe(true);
      // While the server was down, every call settled in bounded time with a typed error.
      expectBoundedOutage(result, {
        boundMs: TIMEOUT_MS + MARGIN_MS,
        errorClass: SessionStoreError,
      });

      // Every acknowledged write is present (an update whose outcome was unknown may have landed
      // too, so a counter may be ahead of its acknowledgement, never behind).
      for (const [id, n] of result.acked) {
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
