import type { BenchConfig } from "./config.js";
import {
  collectGarbage,
  median,
  type PhaseSample,
  runPhase,
  runPreparation,
  runUntimed,
} from "./measure.js";
import type { PayloadSet } from "./payload.js";
import { waitForQuietMachine } from "./settle.js";
import { PHASES, type Phase, type Subject } from "./subject.js";

/** How operations are issued: one at a time, or a pool of async workers. */
export interface Mode {
  readonly name: string;
  readonly concurrency: number;
}

/** The two modes of a run: sequential, and `concurrency` operations in flight. */
export function modesOf(config: BenchConfig): Mode[] {
  return [
    { name: "sequential", concurrency: 1 },
    { name: `${config.concurrency} in flight`, concurrency: config.concurrency },
  ];
}

/** One (subject, mode, phase) cell: every round's sample and the medians over rounds. */
export interface Cell {
  readonly subject: string;
  readonly mode: string;
  readonly phase: Phase;
  readonly opsPerSec: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Misses summed over rounds: anything but 0 means a broken run. */
  readonly misses: number;
  readonly rounds: readonly PhaseSample[];
}

/** Runs every phase once on an untimed, throwaway instance so the JIT settles. */
async function warmUp(subject: Subject, mode: Mode, count: number, payloads: PayloadSet) {
  const instance = subject.open(count, payloads);
  for (const phase of PHASES) {
    await runPreparation(instance, phase, count, mode.concurrency);
    await runUntimed(instance[phase], count, mode.concurrency);
  }
  await instance.close();
}

/** Measures every phase, in order, on a fresh instance; GC between phases when available. */
async function measure(
  subject: Subject,
  mode: Mode,
  config: BenchConfig,
  payloads: PayloadSet,
  latencies: Float64Array,
): Promise<Record<Phase, PhaseSample>> {
  const instance = subject.open(config.sessions, payloads);
  const samples = {} as Record<Phase, PhaseSample>;
  for (const phase of PHASES) {
    await runPreparation(instance, phase, config.sessions, mode.concurrency);
    collectGarbage();
    samples[phase] = await runPhase(instance[phase], config.sessions, mode.concurrency, latencies);
  }
  await instance.close();
  return samples;
}

/**
 * The order subjects run in during `round`: subject `(s * step + round) mod n` in place `s`,
 * with the step taking the values 1, n-1, 2, n-2, … coprime to n from round to round. The first
 * place moves every round, and so does each subject's predecessor (it is `x - step`). A plain
 * rotation kept every subject behind the same one in every round, and what a subject leaves
 * behind on the server (a peer's dropped table, its pool's backends, dirty pages) fell on the
 * same successor each time: on PostgreSQL the target subject, always right after keyv,
 * measured 20-37% below its own by-token twin on the identical get phase (runs of 2026-12-02
 * 05:04 and 05:43).
 */
export function roundOrder<T>(subjects: readonly T[], round: number): T[] {
  const n = subjects.length;
  const steps = coprimeSteps(n);
  const step = steps[round % steps.length]!;
  return subjects.map((_, s) => subjects[(s * step + round) % n]!);
}

/** 1, n-1, 2, n-2, … : the steps that make `s * step mod n` a permutation, each once. */
function coprimeSteps(n: number): number[] {
  const steps: number[] = [];
  for (let k = 1; k <= Math.max(1, n - 1); k++) {
    for (const step of [k, n - k]) {
      if (step >= 1 && gcd(step, n) === 1 && !steps.includes(step)) steps.push(step);
    }
  }
  return steps.length > 0 ? steps : [1];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Runs `config.rounds` rounds; in each, every mode, and in each mode every subject (in
 * {@link roundOrder}). Each measurement is preceded by a warm-up and gets fresh state, and
 * both wait for a quiet machine first ({@link waitForQuietMachine}).
 * `progress` receives one line per measurement.
 */
export async function runBench(
  config: BenchConfig,
  subjects: readonly Subject[],
  payloads: PayloadSet,
  progress: (line: string) => void,
): Promise<Cell[]> {
  const modes = modesOf(config);
  const latencies = new Float64Array(config.sessions);
  const collected = new Map<string, PhaseSample[]>();
  for (let round = 0; round < config.rounds; round++) {
    for (const mode of modes) {
      for (const subject of roundOrder(subjects, round)) {
        const started = performance.now();
        await waitForQuietMachine();
        await warmUp(subject, mode, config.warmup, payloads);
        await waitForQuietMachine();
        const samples = await measure(subject, mode, config, payloads, latencies);
        for (const phase of PHASES) {
          const key = `${subject.name}\u0000${mode.name}\u0000${phase}`;
          const list = collected.get(key) ?? [];
          list.push(samples[phase]);
          collected.set(key, list);
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        progress(
          `round ${round + 1}/${config.rounds}  ${mode.name.padEnd(12)} ${subject.name.padEnd(12)} ${seconds}s`,
        );
      }
    }
  }
  const cells: Cell[] = [];
  for (const subject of subjects) {
    for (const mode of modes) {
      for (const phase of PHASES) {
        const rounds = collected.get(`${subject.name}\u0000${mode.name}\u0000${phase}`) ?? [];
        cells.push({
          subject: subject.name,
          mode: mode.name,
          phase,
          opsPerSec: median(rounds.map((r) => r.opsPerSec)),
          p50Us: median(rounds.map((r) => r.p50Us)),
          p99Us: median(rounds.map((r) => r.p99Us)),
          misses: rounds.reduce((sum, r) => sum + r.misses, 0),
          rounds,
        });
      }
    }
  }
  return cells;
}
