import { createSessionManager, SessionStoreError } from "@sessions/core";
import { type PostgresServer, startPostgres } from "@sessions/test-services";
import { expectBoundedOutage, runOutageUnderLoad } from "@sessions/test-services/outage-load";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresDriver } from "../src/index.js";
import { statements } from "../src/statements.js";
import { NOW, record, recordingClient } from "./helpers.js";

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

  it("a tick of gets, exists and deletes while the server is down: each call typed, within the deadline; the next tick shares statements again", async () => {
    const client = recordingClient(server.url, { connect_timeout: 1 });
    const driver = postgresDriver({ sql: client.sql, table: "faults3", timeoutMs: TIMEOUT_MS });
    const text = statements(driver.table);
    try {
      const keys = Array.from({ length: 64 }, (_, i) => `k${i}`);
      for (const key of keys) await driver.insert(record(key), NOW);
      await server.stopImmediate();
      const started = performance.now();
      const calls = keys.flatMap((key) => [
        driver.get(key, NOW),
        driver.exists(key, NOW),
        driver.delete(key),
      ]);
      const settled = await Promise.all(
        calls.map((call) =>
          call.then(
            () => ({ error: undefined, ms: performance.now() - started }),
            (error: unknown) => ({ error, ms: performance.now() - started }),
          ),
        ),
      );
      for (const { error, ms } of settled) {
        expect(error).toBeInstanceOf(SessionStoreError);
        expect(["UNAVAILABLE", "TIMEOUT"]).toContain((error as SessionStoreError).code);
        expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      }
      await server.start();
      // postgres.js reconnects by itself; the first calls may still meet the old connection.
      const deadline = performance.now() + 10_000;
      for (;;) {
        client.sent.length = 0;
        const found = await Promise.all(keys.map((key) => driver.get(key, NOW))).catch(() => null);
        if (found !== null) {
          expect(found).toEqual(keys.map((key) => record(key)));
          // 64 gets: two statements of 32 keys (a get batch's limit).
          expect(client.sent.filter((query) => query.startsWith("SELECT key"))).toEqual([
            text.getMany,
            text.getMany,
          ]);
          break;
        }
        expect(performance.now()).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await driver.close();
      await client.sql.end({ timeout: 2 });
    }
  }, 30_000);

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
