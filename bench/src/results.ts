import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** Directory the JSON results go to: `bench/results/` (gitignored except `.gitkeep`). */
export const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

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
