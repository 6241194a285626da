import { expect } from "vitest";

/** How one manager call under load settled: its duration, and its error when it failed. */
export interface Outcome {
  /** Milliseconds from the call to its settling. */
  readonly ms: number;
  /** Why it failed; absent when it succeeded. */
  readonly error?: unknown;
}

/**
 * The two session-manager methods the load calls, typed structurally so this package needs
 * no `@sessions/core`: a `createSessionManager<{ n: number }>(…)` fits.
 */
export interface CounterManager {
  /** Creates a session; resolves with its id. */
  create(options: { owner: string; data: { n: number } }): Promise<{ readonly id: string }>;
  /** Replaces a session's data. */
  update(id: string, data: { n: number }): Promise<unknown>;
}

/** Options of {@link runOutageUnderLoad}; all required, so each test states its timings. */
export interface OutageLoadOptions {
  /** The manager the four workers and the recovery probe call. */
  readonly manager: CounterManager;
  /** A worker's last call number (calls count from 1): a guard should the load never stop. */
  readonly maxOps: number;
  /**
   * Whether worker `w` creates a session on its `ops`-th call (otherwise it updates one of its
   * own), given how many acknowledged sessions are its own and how many there are in all.
   */
  readonly creates: (w: number, ops: number, own: number, all: number) => boolean;
  /** How long the load runs before the outage. */
  readonly warmupMs: number;
  /** Takes the server down (crash, immediate stop) keeping its data. */
  readonly stop: () => Promise<void>;
  /** How long the server stays down once `stop` resolved. */
  readonly downMs: number;
  /** Starts the server again on the same port and data. */
  readonly start: () => Promise<void>;
  /** How long the probe may retry a create after the restart before recovery counts as failed. */
  readonly recoveryMs: number;
  /** How long the load goes on after recovery before it stops. */
  readonly settleMs: number;
}

/** What {@link runOutageUnderLoad} saw. */
export interface OutageLoadResult {
  /** Outcomes of the calls started while the server was up. */
  readonly up: readonly Outcome[];
  /** Outcomes of the calls started from `stop()` until `start()` resolved. */
  readonly down: readonly Outcome[];
  /** Every acknowledged session's id and its last acknowledged counter. */
  readonly acked: ReadonlyMap<string, number>;
  /**
   * Sessions whose latest update failed, with the counter it tried to write: a write cut off
   * by the outage may have landed without its reply arriving, so its outcome is unknown, not lost.
   */
  readonly unknown: ReadonlyMap<string, number>;
  /** Whether a create succeeded again within `recoveryMs` of the restart. */
  readonly recovered: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/**
 * Runs four workers of creates and counter updates against `manager` while the server is
 * stopped, kept down for `downMs` and started again; then probes (bounded) until a create
 * succeeds, lets the load run `settleMs` more, stops it and reports every outcome. Each worker
 * updates only its own sessions, so acknowledged counters are exact. Calls never throw out of
 * the load; while the server is down each worker pauses 20 ms between calls.
 */
export async function runOutageUnderLoad(options: OutageLoadOptions): Promise<OutageLoadResult> {
  const { manager, maxOps, creates } = options;
  const acked = new Map<string, number>();
  const unknown = new Map<string, number>();
  const up: Outcome[] = [];
  const down: Outcome[] = [];
  let stop = false;
  let isDown = false;

  const worker = async (w: number) => {
    for (let ops = 1; !stop && ops <= maxOps; ops++) {
      const sink = isDown ? down : up;
      const ids = [...acked.keys()];
      const mine = ids.filter((_, i) => i % 4 === w);
      if (creates(w, ops, mine.length, ids.length)) {
        let id = "";
        const ok = await timed(async () => {
          id = (await manager.create({ owner: `user${w}`, data: { n: 0 } })).id;
        }, sink);
        if (ok) acked.set(id, 0);
      } else {
        const id = mine[ops % mine.length];
        if (id === undefined) continue;
        const next = acked.get(id)! + 1;
        if (await timed(() => manager.update(id, { n: next }), sink)) {
          acked.set(id, next);
          unknown.delete(id);
        } else {
          unknown.set(id, next);
        }
      }
      await sleep(isDown ? 20 : 0);
    }
  };
  const load = Promise.all([0, 1, 2, 3].map(worker));
  await sleep(options.warmupMs);
  isDown = true;
  await options.stop();
  await sleep(options.downMs);
  await options.start();
  isDown = false;
  const deadline = performance.now() + options.recoveryMs;
  let recovered = false;
  while (!recovered && performance.now() < deadline) {
    recovered = await manager
      .create({ owner: "probe", data: { n: 0 } })
      .then(() => true)
      .catch(() => false);
    if (!recovered) await sleep(100);
  }
  await sleep(options.settleMs);
  stop = true;
  await load;
  return { up, down, acked, unknown, recovered };
}

/** What {@link expectBoundedOutage} requires of a run. */
export interface BoundedOutageExpectations {
  /** Every call made while the server was down settles in less than this many ms. */
  readonly boundMs: number;
  /** The class every failure is an instance of (`SessionStoreError`). */
  readonly errorClass: abstract new (
    ...args: never[]
  ) => Error;
  /** The codes a failure may carry. Default `["UNAVAILABLE", "TIMEOUT"]`. */
  readonly codes?: readonly string[];
  /** Successful calls needed while the server was up, exclusive. Default `50`. */
  readonly minUpSuccesses?: number;
}

/**
 * Asserts (vitest `expect`) that some calls failed while the server was down, that every call
 * then settled within `boundMs`, each failure typed with an allowed code, and that the load
 * made real progress while the server was up. Does not check recovery or the stored data.
 */
export function expectBoundedOutage(
  result: OutageLoadResult,
  expectations: BoundedOutageExpectations,
): void {
  const { boundMs, errorClass, codes = ["UNAVAILABLE", "TIMEOUT"] } = expectations;
  const failures = result.down.filter((o) => o.error !== undefined);
  expect(failures.length).toBeGreaterThan(0);
  for (const outcome of result.down) expect(outcome.ms).toBeLessThan(boundMs);
  for (const { error } of failures) {
    expect(error).toBeInstanceOf(errorClass);
    expect(codes).toContain((error as { code: string }).code);
  }
  expect(result.up.filter((o) => o.error === undefined).length).toBeGreaterThan(
    expectations.minUpSuccesses ?? 50,
  );
}
