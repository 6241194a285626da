/**
 * Entry point of `pnpm bench`: @sessions/core (memory driver) against express-session's
 * MemoryStore, five phases, sequential and concurrent. Prints the tables and writes
 * `results/<timestamp>.json` and `results/latest.json`. See README.md.
 */
import { modesOf, runBench } from "./bench.js";
import { parseArgs } from "./config.js";
import { machineInfo, machineLine } from "./machine.js";
import { buildPayloads } from "./payload.js";
import { ratioRows, ratioTable, resultsTable } from "./report.js";
import { writeResults } from "./results.js";
import { core, coreIdle } from "./subjects/core.js";
import { expressMemoryStore } from "./subjects/express-memory-store.js";

const config = parseArgs(process.argv.slice(2));
const startedAt = new Date();
const machine = machineInfo();
const payloads = buildPayloads();
const subjects = [core, expressMemoryStore, coreIdle];

console.log(machineLine(machine));
console.log(
  `run: ${config.sessions} sessions × 5 phases, modes ${modesOf(config)
    .map((m) => m.name)
    .join(
      " / ",
    )}, ${config.rounds} round(s) (medians), warm-up ${config.warmup} ops/phase, payload ${payloads.bytes} B JSON`,
);
for (const subject of subjects) console.log(`  ${subject.name.padEnd(12)} ${subject.description}`);
console.log("");

const cells = await runBench(config, subjects, payloads, (line) => console.error(line));
const ratios = ratioRows(
  cells,
  core.name,
  expressMemoryStore.name,
  [coreIdle.name],
  config.targetRatio,
);
const finishedAt = new Date();

console.log("");
console.log(resultsTable(cells));
console.log("");
console.log(
  `ratio ${core.name}/${expressMemoryStore.name} (throughput, median of per-round ratios; range = min–max over rounds; target ≥ ${config.targetRatio}×; ${coreIdle.name} for information)`,
);
console.log(ratioTable(ratios, core.name, expressMemoryStore.name, config.targetRatio));

const misses = cells.filter((c) => c.misses > 0);
for (const c of misses)
  console.log(`WARNING: ${c.subject} ${c.mode} ${c.phase}: ${c.misses} misses`);

const passed = ratios.filter((r) => r.verdict === "PASS").length;
const durationMs = finishedAt.getTime() - startedAt.getTime();
console.log("");
console.log(`${passed}/${ratios.length} PASS · total ${(durationMs / 1000).toFixed(1)}s`);

const paths = await writeResults(
  {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs,
    machine,
    config: { ...config, payloadBytes: payloads.bytes, modes: modesOf(config) },
    subjects: subjects.map(({ name, description, target }) => ({ name, description, target })),
    results: cells,
    ratios,
  },
  startedAt,
);
console.log(`results: ${paths.file} (and latest.json)`);
if (misses.length > 0) process.exitCode = 1;
