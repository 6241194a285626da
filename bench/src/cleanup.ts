import { createSessionManager, type SessionDriver } from "@sessions/core";
import { runUntimed } from "./measure.js";
import { type Payload, type PayloadSet, payloadOf } from "./payload.js";

/** Expired sessions swept by the cleanup measurement. */
export const CLEANUP_SESSIONS = 20_000;

/** What one `manager.cleanup()` over {@link CLEANUP_SESSIONS} expired sessions measured. */
export interface CleanupSample {
  /** Expired sessions seeded. */
  readonly expired: number;
  /** Live sessions seeded beside them (must survive the sweep). */
  readonly live: number;
  /** What `cleanup()` reported removed: must equal `expired` for a valid run. */
  readonly removed: number;
  /** Wall time of the one `cleanup()` call, ms. */
  readonly elapsedMs: number;
  /** removed ÷ elapsed seconds. */
  readonly removedPerSec: number;
}

/**
 * Seeds {@link CLEANUP_SESSIONS} sessions (64 in flight) plus a tenth as many that outlive
 * them through a manager on `driver`, moves the manager's clock past the first batch's expiry
 * (and the default 5-minute `clockTolerance`),
 * then times one `manager.cleanup()`: the driver's `deleteExpired` in the manager's batches
 * (1,000 per call). Closes the manager (and so the driver); the caller removes what is left.
 */
export async function measureCleanup(
  driver: SessionDriver,
  payloads: PayloadSet,
): Promise<CleanupSample> {
  // An injected clock instead of waiting: the sweep is timed, not the expiry.
  let now = Date.now();
  const manager = createSessionManager<Payload>({
    driver,
    ttl: "1h",
    cleanup: false,
    clock: { now: () => now },
  });
  try {
    const live = CLEANUP_SESSIONS / 10;
    const seed = (count: number, offset: number) =>
      runUntimed(
        async (i) => {
          const index = offset + i;
          await manager.create({
            owner: `user${index >> 2}`,
            data: payloadOf(payloads, index).initial,
          });
          return true;
        },
        count,
        64,
      );
    await seed(CLEANUP_SESSIONS, 0);
    now += 30 * 60 * 1000;
    await seed(live, CLEANUP_SESSIONS);
    // Past the first sessions' one-hour lifetime and the manager's default clockTolerance (5
    // minutes: expired records are removed only once dead that long), well inside the later
    // sessions' lifetime.
    now += 36 * 60 * 1000;
    const started = process.hrtime.bigint();
    const { removed } = await manager.cleanup();
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    return {
      expired: CLEANUP_SESSIONS,
      live,
      removed,
      elapsedMs,
      removedPerSec: removed / (elapsedMs / 1000),
    };
  } finally {
    await manager.close();
  }
}
