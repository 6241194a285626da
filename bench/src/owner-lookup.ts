import { createSessionManager, type SessionDriver } from "@sessions/core";
import { type PhaseSample, runPhase, runUntimed } from "./measure.js";
import { type Payload, type PayloadSet, payloadOf } from "./payload.js";

/** Sessions seeded for the `getByOwner` check (4 per owner). */
export const OWNER_SESSIONS = 100_000;
/** Timed `getByOwner` calls. */
export const OWNER_CALLS = 500;

/**
 * Seeds {@link OWNER_SESSIONS} sessions (4 per owner) through a manager on `driver`, runs
 * `afterSeed` (e.g. ANALYZE), then times {@link OWNER_CALLS} `getByOwner` calls of spread-out
 * owners. Closes the manager (and so the driver) before it resolves; the caller removes what
 * the seed left in its backend.
 */
export async function measureOwnerLookup(
  driver: SessionDriver,
  payloads: PayloadSet,
  afterSeed?: () => Promise<unknown>,
): Promise<PhaseSample> {
  const manager = createSessionManager<Payload>({ driver, ttl: "1h", cleanup: false });
  try {
    const seedStarted = performance.now();
    await runUntimed(
      async (i) => {
        await manager.create({ owner: `user${i >> 2}`, data: payloadOf(payloads, i).initial });
        return true;
      },
      OWNER_SESSIONS,
      64,
    );
    await afterSeed?.();
    const seconds = ((performance.now() - seedStarted) / 1000).toFixed(1);
    console.error(`seeded ${OWNER_SESSIONS} sessions in ${seconds}s`);
    const owners = OWNER_SESSIONS / 4;
    const pick = (i: number) => `user${(i * 7919) % owners}`;
    const lookup = async (i: number) => (await manager.getByOwner(pick(i))).length === 4;
    await runUntimed(lookup, 100, 1);
    return await runPhase(lookup, OWNER_CALLS, 1, new Float64Array(OWNER_CALLS));
  } finally {
    await manager.close();
  }
}
