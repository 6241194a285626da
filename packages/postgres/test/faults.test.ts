import { createSessionManager, SessionStoreError } from "@sessions/core";
import { type PostgresServer, startPostgres } from "@sessions/test-services";
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
interface Outcome {
  readonly ms: number;
  readonly error?: unknown;
}
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

describe("PostgreSQL stopped (-m immediate) and restarted under load (RL-3)", () => {
  it("typed errors in bounded time, recovery by itself, no acknowledged write lost, close() returns", async () => {
    const driver = postgresDriver({ url: server.url, table: "faults", timeoutMs: TIMEOUT_MS });
    const manager = createSessionManager<{ n: number }>({ driver, ttl: "1h", cleanup: false });
    const acked = new Map<string, number>();
    const unknown = new Map<string, number>();
    const upOutcomes: Outcome[] = [];
    const downOutcomes: Outcome[] = [];
    let stop = false;
    let down = false;

    const worker = async (w: number) => {
      for (let ops = 1; !stop && ops < 20_000; ops++) {
        const sink = down ? downOutcomes : upOutcomes;
        const mine = [...acked.keys()].filter((_, i) => i % 4 === w);
        if (mine.length < 20 || ops % 3 === 0) {
          let id = "";
          const ok = await timed(async () => {
            id = (await manager.create({ owner: `user${w}`, data: { n: 0 } })).id;
          }, sink);
          if (ok) acked.set(id, 0);
        } else {
          // Each worker updates only its own sessions, so acknowledged counters are exact.
          const id = mine[ops % mine.length]!;
          const next = acked.get(id)! + 1;
          if (await timed(() => manager.update(id, { n: next }), sink)) {
            acked.set(id, next);
            unknown.delete(id);
          } else {
            // A write cut off by the crash may have committed without its reply arriving:
            // its outcome is unknown, not lost.
            unknown.set(id, next);
          }
        }
        await sleep(down ? 20 : 0);
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    await sleep(500);
    down = true;
    await server.stopImmediate();
    await sleep(TIMEOUT_MS * 2 + 500);
    await server.start();
    down = false;
    const deadline = performance.now() + 20_000;
    let recovered = false;
    while (!recovered && performance.now() < deadline) {
      recovered = await manager
        .create({ owner: "probe", data: { n: 0 } })
        .then(() => true)
        .catch(() => false);
      if (!recovered) await sleep(100);
    }
    expect(recovered).toBe(true);
    await sleep(500);
    stop = true;
    await load;

    const failures = downOutcomes.filter((o) => o.error !== undefined);
    expect(failures.length).toBeGreaterThan(0);
    for (const outcome of downOutcomes) expect(outcome.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    for (const { error } of failures) {
      expect(error).toBeInstanceOf(SessionStoreError);
      expect(["UNAVAILABLE", "TIMEOUT"]).toContain((error as SessionStoreError).code);
    }
    expect(upOutcomes.filter((o) => o.error === undefined).length).toBeGreaterThan(50);

    // Every acknowledged create and update is there after the crash (a failed update may
    // have landed too: then the session holds that newer value).
    for (const [id, n] of acked) {
      const session = await manager.get(id);
      expect(session, "acknowledged session missing").not.toBeNull();
      const stored = (session as { data: { n: number } }).data.n;
      expect([n, unknown.get(id) ?? n]).toContain(stored);
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
