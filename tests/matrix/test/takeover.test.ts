// One session per owner with a takeover window, raced by 4 processes on each cross-process
// driver while this process watches the owner's sessions.
import { manualClock } from "@sessions/test-suite";
import { describe, expect, test } from "vitest";
import { auditSecrets } from "../src/audit.js";
import { driverRegistry } from "../src/drivers.js";
import { reportMissingDrivers } from "../src/missing.js";
import { observeDuring } from "../src/observe.js";
import { captureConsole } from "../src/sink.js";
import { trackedManager } from "../src/tracked-manager.js";
import {
  closeWorkers,
  type SessionWorker,
  startWorkers,
  type WorkerManagerOptions,
  type WorkerReply,
} from "../src/workers.js";

captureConsole();
const { available, missing } = driverRegistry();
const crossProcess = available.filter((entry) => entry.crossProcess);

const PROCESSES = 4;
const TAKEOVER_MS = 300_000;
const CYCLES = 3;
// A create makes a handful of driver calls per claim round and core gives up after 20 rounds:
// more than this would mean a retry loop running wild.
const MAX_DRIVER_CALLS_PER_CREATE = 40;
const OPTIONS = {
  app: "takeover",
  ttl: "1h",
  uniquePerOwner: { takeoverAfter: TAKEOVER_MS },
} satisfies WorkerManagerOptions;

function createFromAll(workers: readonly SessionWorker[], owner: string, at: number) {
  return Promise.all(
    workers.map((worker, index) => worker.call("create", [{ owner, data: { by: index } }], at)),
  );
}

function expectRefusals(replies: readonly WorkerReply[], retryAfterMs: number): void {
  for (const reply of replies) {
    expect(reply.error).toMatchObject({ code: "OWNER_BUSY", name: "OwnerBusyError", retryAfterMs });
  }
}

describe("one session per owner, 4 processes", () => {
  for (const entry of crossProcess) {
    test(`${entry.name}: never two live sessions; exactly one winner per window, exact refusals`, async () => {
      const opened = await entry.open();
      // Schema first, from one process: concurrent first use is first-use.test.ts's subject
      // (postgres fails it, FINDINGS.md F2), not this test's.
      await opened.driver.count(0);
      const workers = await startWorkers(`${entry.name} worker`, PROCESSES, {
        spec: opened.spec,
        options: OPTIONS,
      });
      try {
        const start = Date.now();
        const clock = manualClock(start);
        const observer = trackedManager(`${entry.name} observer`, {
          ...OPTIONS,
          driver: opened.driver,
          clock,
        });
        const watch = async <T>(at: number, work: Promise<T>) => {
          clock.set(at);
          const { result, observations } = await observeDuring(work, async () => {
            expect((await observer.getByOwner("alice")).length).toBeLessThanOrEqual(1);
          });
          expect(observations).toBeGreaterThan(0);
          return result;
        };
        let holder: { id: string; handle: string } | undefined;
        for (let cycle = 0; cycle < CYCLES; cycle++) {
          const at = start + cycle * TAKEOVER_MS;
          const replies = await watch(at, createFromAll(workers, "alice", at));
          for (const reply of replies) {
            expect(reply.driverCalls).toBeLessThanOrEqual(MAX_DRIVER_CALLS_PER_CREATE);
          }
          const winners = replies.filter((reply) => reply.ok);
          expect(winners).toHaveLength(1);
          // The losers see the winner's brand-new session: the whole window is left.
          expectRefusals(
            replies.filter((reply) => !reply.ok),
            TAKEOVER_MS,
          );
          const winner = winners[0]!.value as { id: string; handle: string; createdAt: number };
          expect(winner.createdAt).toBe(at);
          const takeovers = workers
            .flatMap((worker) => worker.events)
            .filter((event) => event.type === "takeover" && event.at === at);
          if (holder === undefined) {
            expect(takeovers).toEqual([]);
          } else {
            expect(takeovers).toEqual([
              expect.objectContaining({
                handle: winner.handle,
                previousHandle: holder.handle,
                owner: "alice",
              }),
            ]);
            expect(await observer.get(holder.id)).toBeNull();
          }
          holder = winner;
          expect((await observer.getByOwner("alice")).map((info) => info.handle)).toEqual([
            winner.handle,
          ]);

          // Half-way through the window every newcomer is refused with the exact wait.
          const middle = at + TAKEOVER_MS / 2;
          expectRefusals(
            await watch(middle, createFromAll(workers, "alice", middle)),
            TAKEOVER_MS / 2,
          );
          expect((await observer.require(winner.id)).handle).toBe(winner.handle);
        }

        // Different owners never block each other.
        const end = start + CYCLES * TAKEOVER_MS;
        const separate = await Promise.all(
          workers.map((worker, index) => worker.call("create", [{ owner: `owner-${index}` }], end)),
        );
        expect(separate.map((reply) => reply.ok)).toEqual(workers.map(() => true));
      } finally {
        expect(await closeWorkers(workers)).toEqual(workers.map(() => 0));
        await opened.cleanup();
      }
    });
  }
});

reportMissingDrivers("takeover", missing);
auditSecrets({ secrets: 1, captures: 10 });
