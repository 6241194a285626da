import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DRIVERS_DIR = fileURLToPath(new URL("../drivers/", import.meta.url));

/**
 * The benchmarks a full `pnpm bench` runs, in report order: `memory` (src/run.ts), then every
 * `src/drivers/<name>/run.ts` by name, the same directories src/drivers.ts imports.
 */
export function expectedBenchmarks(): string[] {
  const drivers = readdirSync(DRIVERS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${DRIVERS_DIR}${entry.name}/run.ts`))
    .map((entry) => entry.name)
    .sort();
  return ["memory", ...drivers];
}
