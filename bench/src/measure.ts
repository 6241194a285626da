/**
 * Timing of one phase: `count` operations over session indexes 0..count-1, run by a pool of
 * `concurrency` async workers (1 = strictly sequential). Each operation is timed on its own
 * with `process.hrtime.bigint()` into a preallocated array, so recording allocates nothing
 * per operation beyond the two bigints.
 */

/** One operation on session `index`; resolves `false` when the library reported a miss. */
export type Operation = (index: number) => Promise<boolean>;

/** What one phase measured. */
export interface PhaseSample {
  /** Operations run. */
  readonly ops: number;
  /** Operations that resolved `false` (a session not found): must be 0 for a valid run. */
  readonly misses: number;
  /** Wall time of the whole phase, ms. */
  readonly elapsedMs: number;
  /** Throughput: ops / wall time. */
  readonly opsPerSec: number;
  /** Median per-operation latency, µs. */
  readonly p50Us: number;
  /** 99th-percentile per-operation latency, µs. */
  readonly p99Us: number;
  /** Mean per-operation latency, µs. */
  readonly meanUs: number;
}

/**
 * Runs `operation` for every index in `[0, count)` with `concurrency` operations in flight
 * and returns throughput and latency. `latencies` must hold at least `count` entries; it is
 * overwritten (µs per operation, by index).
 */
export async function runPhase(
  operation: Operation,
  count: number,
  concurrency: number,
  latencies: Float64Array,
): Promise<PhaseSample> {
  if (latencies.length < count) throw new RangeError("latency buffer is too small");
  let next = 0;
  let misses = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) {
      const start = process.hrtime.bigint();
      const ok = await operation(index);
      latencies[index] = Number(process.hrtime.bigint() - start) / 1000;
      if (!ok) misses++;
    }
  };
  const workers = Math.max(1, Math.min(concurrency, count));
  const started = process.hrtime.bigint();
  if (workers === 1) {
    await worker();
  } else {
    const running: Promise<void>[] = [];
    for (let w = 0; w < workers; w++) running.push(worker());
    await Promise.all(running);
  }
  const elapsedNs = Number(process.hrtime.bigint() - started);
  return summarise(latencies.subarray(0, count), elapsedNs, misses);
}

/** Runs `operation` over `[0, count)` untimed (warm-up), same concurrency pattern. */
export async function runUntimed(
  operation: Operation,
  count: number,
  concurrency: number,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) await operation(index);
  };
  const running: Promise<void>[] = [];
  for (let w = 0; w < Math.max(1, Math.min(concurrency, count)); w++) running.push(worker());
  await Promise.all(running);
}

/** The value at quantile `q` (0..1) of an ascending-sorted array (nearest rank). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarise(latencies: Float64Array, elapsedNs: number, misses: number): PhaseSample {
  const sorted = latencies.slice().sort();
  let total = 0;
  for (let i = 0; i < sorted.length; i++) total += sorted[i]!;
  const ops = sorted.length;
  return {
    ops,
    misses,
    elapsedMs: elapsedNs / 1e6,
    opsPerSec: ops / (elapsedNs / 1e9),
    p50Us: quantile(sorted, 0.5),
    p99Us: quantile(sorted, 0.99),
    meanUs: total / ops,
  };
}

/** Runs a full garbage collection when node was started with `--expose-gc`; else nothing. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== "function") return false;
  gc();
  return true;
}

/** Runs the instance's untimed preparation of `phase`, if it has one, over `[0, count)`. */
export async function runPreparation(
  instance: { readonly prepare?: Readonly<Partial<Record<string, Operation>>> },
  phase: string,
  count: number,
  concurrency: number,
): Promise<void> {
  const prepare = instance.prepare?.[phase];
  if (prepare !== undefined) await runUntimed(prepare, count, concurrency);
}
