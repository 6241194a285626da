/** Timing helper shared by the local micro-benchmarks (not part of `pnpm bench`). */

/**
 * Median over `rounds` of the mean nanoseconds per call of `run` (`calls` calls a round),
 * after one warm-up round.
 */
export function measure(rounds: number, calls: number, run: () => unknown): number {
  const means: number[] = [];
  for (let round = -1; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) run();
    if (round >= 0) means.push(Number(process.hrtime.bigint() - start) / calls);
  }
  return means.sort((a, b) => a - b)[rounds >> 1]!;
}
