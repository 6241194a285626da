/**
 * Interleaved measurement: one phase on several instances (the same driver at 1k and at 100k
 * sessions) in alternating chunks, so every size sees the same disk. Sequential writes here are
 * fsync-bound, and on a shared machine fsync latency drifts by 2–4× within a minute: measured
 * one after the other, the sizes would compare two moments of the disk, not two sizes.
 */
import { type Operation, type PhaseSample, quantile, runPhase } from "../../measure.js";

const CHUNKS = 8;

/** Runs `count` operations of each instance's `operation`, alternating in chunks. */
export async function measureInterleaved(
  operations: readonly Operation[],
  count: number,
  concurrency: number,
): Promise<PhaseSample[]> {
  const chunk = Math.ceil(count / CHUNKS);
  const latencies = operations.map(() => new Float64Array(count));
  const elapsedMs = operations.map(() => 0);
  const misses = operations.map(() => 0);
  for (let from = 0; from < count; from += chunk) {
    const size = Math.min(chunk, count - from);
    for (const [k, operation] of operations.entries()) {
      const sample = await runPhase(
        (i) => operation(from + i),
        size,
        concurrency,
        latencies[k]!.subarray(from),
      );
      elapsedMs[k]! += sample.elapsedMs;
      misses[k]! += sample.misses;
    }
  }
  return operations.map((_, k) => {
    const sorted = latencies[k]!.slice().sort();
    const total = sorted.reduce((sum, value) => sum + value, 0);
    return {
      ops: count,
      misses: misses[k]!,
      elapsedMs: elapsedMs[k]!,
      opsPerSec: count / (elapsedMs[k]! / 1000),
      p50Us: quantile(sorted, 0.5),
      p99Us: quantile(sorted, 0.99),
      meanUs: total / count,
    };
  });
}
