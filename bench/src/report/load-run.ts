import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { RUN_RECORD_FILE, type RunRecord, readRunRecord } from "./run-record.js";

/** One result file of a run, parsed. */
export interface ResultFile {
  /** File name inside the run directory. */
  readonly file: string;
  /** Which benchmark wrote it: the name before the timestamp, `memory` for `src/run.ts`. */
  readonly benchmark: string;
  readonly json: Record<string, unknown>;
}

/** Every result of one run directory. */
export interface LoadedRun {
  readonly dir: string;
  /** `undefined` when the directory has no `run.json`. */
  readonly record: RunRecord | undefined;
  /** One file per benchmark (the latest when a benchmark wrote several), by benchmark name. */
  readonly results: readonly ResultFile[];
  /** Files that were superseded by a later file of the same benchmark in the same run. */
  readonly superseded: readonly string[];
}

// `<name>-2026-11-25T14-43-40.032Z.json` from the driver benchmarks, bare timestamp from run.ts.
const RESULT_NAME = /^(?:(.+)-)?(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d+Z)\.json$/;

/** The benchmark a result file name belongs to, or `undefined` for other files. */
export function benchmarkOf(file: string): string | undefined {
  const match = RESULT_NAME.exec(file);
  return match ? (match[1] ?? "memory") : undefined;
}

/** Reads the run record and every result file of `dir` (`latest.json` and others ignored). */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const names = (await readdir(dir)).filter((name) => name !== RUN_RECORD_FILE).sort();
  const byBenchmark = new Map<string, ResultFile>();
  const superseded: string[] = [];
  for (const file of names) {
    const benchmark = benchmarkOf(file);
    if (benchmark === undefined) continue;
    const json = JSON.parse(await readFile(join(dir, file), "utf8")) as Record<string, unknown>;
    // Names sort by timestamp within a benchmark, so a later file replaces an earlier one.
    const earlier = byBenchmark.get(benchmark);
    if (earlier) superseded.push(earlier.file);
    byBenchmark.set(benchmark, { file, benchmark, json });
  }
  return {
    dir,
    record: await readRunRecord(dir),
    results: [...byBenchmark.values()],
    superseded,
  };
}
