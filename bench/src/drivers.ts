/**
 * Runs every driver benchmark under `src/drivers/<name>/run.ts`, one after another, after the
 * memory-driver run of `src/run.ts`. Each driver benchmark is a module whose top level does
 * its whole run (starts its servers, prints its tables, writes its JSON, stops its servers).
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "drivers");
const names = existsSync(here)
  ? readdirSync(here, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, "run.ts")))
      .map((entry) => entry.name)
      .sort()
  : [];
const only = process.argv[2];
for (const name of names) {
  if (only !== undefined && only !== name) continue;
  console.log(`\n=== driver benchmark: ${name} ===`);
  await import(pathToFileURL(join(here, name, "run.ts")).href);
}
