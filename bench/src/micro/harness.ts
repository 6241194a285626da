/**
 * A small micro-benchmark harness: runs a function many times per round, several rounds,
 * and reports the median ns per call. Results flow into a sink so V8 cannot drop the work.
 */

/** The measured cost of one candidate. */
export interface MicroResult {
  readonly name: string;
  /** Median over rounds of ns per call. */
  readonly nsPerOp: number;
}

let sink: unknown;

/** Keeps `value` observable so the computation producing it is not eliminated. */
export function consume(value: unknown): void {
  sink = value;
}

/** Returns the sink (printing it defeats dead-code elimination across the whole run). */
export function sinkValue(): unknown {
  return sink;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** Median ns per call of a synchronous `fn(i)` over `rounds` rounds of `iterations` calls. */
export function timeSync(
  name: string,
  fn: (i: number) => unknown,
  iterations = 200_000,
  rounds = 7,
): MicroResult {
  for (let i = 0; i < iterations; i++) consume(fn(i)); // warm-up
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) consume(fn(i));
    perRound.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  return { name, nsPerOp: median(perRound) };
}

/** Median ns per call of an async `fn(i)`, awaited one at a time. */
export async function timeAsync(
  name: string,
  fn: (i: number) => Promise<unknown>,
  iterations = 200_000,
  rounds = 7,
): Promise<MicroResult> {
  for (let i = 0; i < iterations; i++) consume(await fn(i));
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) consume(await fn(i));
    perRound.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  return { name, nsPerOp: median(perRound) };
}

/**
 * Prints each candidate's cost; with `compare` (default) also its saving against the first
 * entry, the current code.
 */
export function report(title: string, results: readonly MicroResult[], compare = true): void {
  const [baseline] = results;
  if (!baseline) return;
  console.log(`\n## ${title}`);
  for (const result of results) {
    const saved = baseline.nsPerOp - result.nsPerOp;
    const note = !compare
      ? ""
      : result === baseline
        ? "(current)"
        : `saves ${(saved / 1000).toFixed(3)} µs/op (${((100 * saved) / baseline.nsPerOp).toFixed(0)}%)`;
    const cost = (result.nsPerOp / 1000).toFixed(3).padStart(7);
    console.log(`  ${result.name.padEnd(62)} ${cost} µs  ${note}`.trimEnd());
  }
}
