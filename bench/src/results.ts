import { mkdir, writeFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Environment variable that redirects every result file of a benchmark process to one
 * directory: `pnpm bench` sets it to `results/runs/<run id>/` so the report reads exactly the
 * files of that run.
 */
export const RESULTS_DIR_ENV = "SESSIONS_BENCH_RESULTS_DIR";

/**
 * Directory the JSON results go to, with a trailing separator: `$SESSIONS_BENCH_RESULTS_DIR`
 * when set, else `bench/results/` (gitignored except `.gitkeep`).
 */
export const RESULTS_DIR = resultsDir();

function resultsDir(): string {
  const override = process.env[RESULTS_DIR_ENV];
  if (override) return `${resolve(override)}${sep}`;
  return fileURLToPath(new URL("../results/", import.meta.url));
}

/**
 * Writes `report` as `results/<ISO timestamp>.json` (colons replaced by `-` so the name is
 * portable) and as `results/latest.json`; resolves with both paths.
 */
export async function writeResults(
  report: unknown,
  startedAt: Date,
): Promise<{ file: string; latest: string }> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const file = `${RESULTS_DIR}${startedAt.toISOString().replaceAll(":", "-")}.json`;
  const latest = `${RESULTS_DIR}latest.json`;
  await writeFile(file, text);
  await writeFile(latest, text);
  return { file, latest };
}
