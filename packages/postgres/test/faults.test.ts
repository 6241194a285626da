import { createSessionManager, SessionStoreError } from "@sessions/core";
import { type PostgresServer, startPostgres } from "@sessions/test-services";
import { expectBoundedOutage, runOutageUnderLoad } from "@sessions/test-services/outage-load";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresDriver } from "../src/index.js";

const TIMEOUT_MS = 1_000;
const MARGIN_MS = 750;

// A dedicated server with fsync on: acknowledged commits must survive an immediate stop.
let server: PostgresServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(async () => {
  server = await startPostgres({ durable: true });
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server?.stop();
});

describe("PostgreSQL stopped (-m immediate) and restarted under load (RL-3)", () => {
  it("typed errors in bounded time, recovery by itself, no acknowledged write lost, close() returns", async () => {
    const driver = postgresDriver({ url: server.url, table: "faults", timeoutMs: TIMEOUT_MS });
    const manager = createSessionManager<{ n: number }>({ driver, ttl: "1h", cleanup: false });
    const result = await runOutageUnderLoad({
      manager,
      maxOps: 19_999,
      creates: (_w, ops, own) => own < 20 || ops % 3 === 0,
      warmupMs: 500,
      stop: () => server.stopImmediate(),
      downMs: TIMEOUT_MS * 2 + 500,
      start: () => server.start(),
      recoveryMs: 20_000,
      settleMs: 500,
    });
    expect(result.recovered).toBe(true);
    expectBoundedOutage(result, {
      boundMs: TIMEOUT_MS + MARGIN_MS,
      errorClass: SessionStoreError,
    });

    // Every acknowledged create and update is there after the crash (a failed update may
    // have landed too: then the session holds that newer value).
    for (const [id, n] of result.acked) {
      const session = await manager.get(id);
      expect(session, "acknowledged session missing").not.toBeNull();
      const stored = (session as { data: { n: number } }).data.n;
      expect([n, result.unknown.get(id) ?? n]).toContain(stored);
    }
    const started = performance.now();
    await manager.close();
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(unhandled).toEqual([]);
  }, 60_000);

  it("close() resolves within a few seconds while the server is down", async () => {
    const driver = postgresDriver({ url: server.url, table: "faults2", timeoutMs: TIMEOUT_MS });
    expect(await driver.count(0)).toBe(0);
    await server.stopImmediate();
    await driver.get("k", 0).catch(() => {}); // a call against the dead connection
    const started = performance.now();
    await driver.close();
    expect(performance.now() - started).toBeLessThan(3_000);
    await server.start();
  }, 30_000);
});
