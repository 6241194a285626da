/**
 * Entry of `pnpm bench`: runs every benchmark with its results going to a fresh
 * `results/runs/<run id>/`, records the run in its `run.json`, then writes BENCHMARKS.md from
 * that directory only, so results of an earlier or concurrent run are never mixed in.
 * Exits non-zero when a step failed (the document then says the run is incomplete).
 */
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RESULTS_DIR_ENV } from "../results.js";
import { gitState } from "./git.js";
import { RUNS_DIR, type RunStep, runIdOf, writeRunRecord } from "./run-record.js";
import { BENCHMARKS_FILE, writeBenchmarks } from "./write-benchmarks.js";

const BENCH_DIR = fileURLToPath(new URL("../../", import.meta.url));
// The memory-driver run, then every driver benchmark (src/drivers.ts finds them).
const STEPS = ["src/run.ts", "src/drivers.ts"];

const started = new Date();
const id = runIdOf(started);
const dir = join(RUNS_DIR, id);
await mkdir(dir, { recursive: true });
const git = gitState(BENCH_DIR);
console.log(`bench run ${id}: results in ${dir}`);

const steps: RunStep[] = [];
for (const script of STEPS) steps.push({ script, exitCode: await runStep(script) });
await writeRunRecord(dir, {
  id,
  startedAt: started.toISOString(),
  finishedAt: new Date().toISOString(),
  ...git,
  steps,
});
const sections = await writeBenchmarks(dir);
const verdicts = sections.flatMap((section) => section.verdicts);
console.log(
  `\n${BENCHMARKS_FILE}: ${verdicts.filter((v) => v.pass).length}/${verdicts.length} targets met`,
);
if (steps.some((step) => step.exitCode !== 0)) process.exitCode = 1;

/** Runs `script` in a child node (tsx, --expose-gc) writing into the run directory. */
function runStep(script: string): Promise<number | null> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", script], {
    cwd: BENCH_DIR,
    env: { ...process.env, [RESULTS_DIR_ENV]: dir },
    stdio: "inherit",
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve(code));
  });
}
