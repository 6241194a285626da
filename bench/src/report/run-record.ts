/**
 * One `pnpm bench` run on disk: `results/runs/<run id>/` holds every result file the run's
 * benchmarks wrote and `run.json`, this record of when it ran, on which commit and how each
 * step ended. Results of other runs live in other directories, so they cannot be mixed in.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Parent of every run directory: `bench/results/runs/` (gitignored). */
export const RUNS_DIR = fileURLToPath(new URL("../../results/runs/", import.meta.url));

/** Name of the record file inside a run directory. */
export const RUN_RECORD_FILE = "run.json";

/** How one step (child process) of the run ended. */
export interface RunStep {
  /** What ran, e.g. `src/drivers.ts`. */
  readonly script: string;
  /** Exit code; `null` when a signal ended it. */
  readonly exitCode: number | null;
}

/** What `run.json` records. */
export interface RunRecord {
  /** The directory name: the start time, ISO with `:` replaced by `-`. */
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** `git rev-parse HEAD` when the run started. */
  readonly commit: string;
  /** Whether the working tree had uncommitted changes then (they were measured too). */
  readonly dirty: boolean;
  readonly steps: readonly RunStep[];
}

/** The id (and directory name) of a run started at `date`. */
export function runIdOf(date: Date): string {
  return date.toISOString().replaceAll(":", "-");
}

/** The newest run directory under {@link RUNS_DIR} (ids sort by time), if any. */
export async function latestRunDir(): Promise<string | undefined> {
  const entries = await readdir(RUNS_DIR, { withFileTypes: true }).catch(() => []);
  const ids = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const last = ids.at(-1);
  return last === undefined ? undefined : join(RUNS_DIR, last);
}

/** Reads `run.json` of `dir`; `undefined` when the directory has none (assembled by hand). */
export async function readRunRecord(dir: string): Promise<RunRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, RUN_RECORD_FILE), "utf8")) as RunRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes `record` as `run.json` of `dir`. */
export async function writeRunRecord(dir: string, record: RunRecord): Promise<void> {
  await writeFile(join(dir, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
