/**
 * Profiling harness (not part of `pnpm bench`): runs one subject's phases sequentially in a
 * loop so a CPU profile has enough samples, then prints the time per phase. Usage:
 *   pnpm cpuprofile [subject] [phase] [rounds]
 *   (= node --cpu-prof --cpu-prof-dir=/tmp/sessions-bench-profile --import tsx src/micro/profile-phase.ts)
 *   pnpm exec tsx src/micro/cpuprofile-summary.ts /tmp/sessions-bench-profile/<file>.cpuprofile
 * subject: core | core+idle | MemoryStore (default core); phase: one phase or "all"
 * (default); rounds: default 10.
 */
import { runPhase, runPreparation } from "../measure.js";
import { buildPayloads } from "../payload.js";
import { PHASES, type Phase, type Subject } from "../subject.js";
import { core, coreIdle } from "../subjects/core.js";
import { expressMemoryStore } from "../subjects/express-memory-store.js";

const [subjectName = "core", phaseName = "all", roundsText = "10"] = process.argv.slice(2);
const subject: Subject | undefined = [core, coreIdle, expressMemoryStore].find(
  (s) => s.name === subjectName,
);
if (!subject) throw new Error(`unknown subject ${subjectName}`);
const only = phaseName === "all" ? undefined : (phaseName as Phase);
const sessions = 20_000;
const payloads = buildPayloads();
const latencies = new Float64Array(sessions);
const totals = new Map<Phase, number>();
for (let round = 0; round < Number(roundsText); round++) {
  const instance = subject.open(sessions, payloads);
  for (const phase of PHASES) {
    // Phases before the one profiled still run (they build the state it needs), but a
    // single-phase profile repeats that phase 5 times for more samples.
    const repeat = phase === only && phase !== "create" && phase !== "destroy" ? 5 : 1;
    for (let r = 0; r < repeat; r++) {
      // As in the bench: touch and update start from the Session objects an untimed get returned.
      await runPreparation(instance, phase, sessions, 1);
      const sample = await runPhase(instance[phase], sessions, 1, latencies);
      totals.set(phase, (totals.get(phase) ?? 0) + sample.elapsedMs);
    }
  }
  await instance.close();
}
for (const [phase, ms] of totals) console.log(`${phase.padEnd(8)} ${ms.toFixed(0)} ms`);
