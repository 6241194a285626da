import { modesOf } from "./bench.js";
import type { BenchConfig } from "./config.js";
import { machineInfo, machineLine } from "./machine.js";
import type { PayloadSet } from "./payload.js";
import type { Subject } from "./subject.js";

/**
 * Prints what a driver benchmark is about to measure: the machine, the backend, the run
 * configuration and one line per subject.
 */
export function printRunHeader(
  backend: string,
  config: BenchConfig,
  payloads: PayloadSet,
  subjects: readonly Subject[],
): void {
  const modes = modesOf(config)
    .map((mode) => mode.name)
    .join(" / ");
  const width = Math.max(...subjects.map((subject) => subject.name.length)) + 1;
  console.log(machineLine(machineInfo()));
  console.log(backend);
  console.log(
    `run: ${config.sessions} sessions × 5 phases, modes ${modes}, ${config.rounds} round(s) (medians), warm-up ${config.warmup}, payload ${payloads.bytes} B JSON`,
  );
  for (const subject of subjects)
    console.log(`  ${subject.name.padEnd(width)} ${subject.description}`);
  console.log("");
}
