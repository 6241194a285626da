/**
 * Entry of `pnpm --filter @sessions/bench report [run directory]`: rewrites BENCHMARKS.md from
 * the results of one run, by default the latest under `results/runs/`, without re-running.
 */
import { resolve } from "node:path";
import { latestRunDir } from "./run-record.js";
import { BENCHMARKS_FILE, writeBenchmarks } from "./write-benchmarks.js";

const dir = process.argv[2] === undefined ? await latestRunDir() : resolve(process.argv[2]);
if (dir === undefined) {
  console.error("no run under bench/results/runs/: run `pnpm bench` first");
  process.exit(1);
}
const sections = await writeBenchmarks(dir);
const verdicts = sections.flatMap((section) => section.verdicts);
console.log(
  `${BENCHMARKS_FILE}: ${sections.length} benchmarks from ${dir}, ${verdicts.filter((v) => v.pass).length}/${verdicts.length} targets met`,
);
