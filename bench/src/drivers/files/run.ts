/**
 * File driver benchmark: `@sessions/json` and `@sessions/csv` through the session manager
 * against a naive read-modify-write JSON store, with 1,000 and with 100,000 sessions already
 * in the file, sequential and 64 in flight. Phases create / get / update / destroy run over
 * sessions created by the run itself, on top of that background; the 1k and 100k files of a
 * driver are open together and measured in alternating chunks (interleave.ts). The verdict is the issue's:
 * a write with 100k sessions costs at most 2× a write with 1k, counting the share of a
 * compaction each write owes (compaction runs about once per N writes at N sessions, and a
 * short run at 100k would otherwise never pay it). The naive peer's op count at 100k is capped
 * at one call per phase and mode (each call parses, and each write rewrites, the whole ~140 MB
 * file: about 1–3 s), so its 100k figures are single samples.
 * Prints the tables and writes `results/files-<timestamp>.json`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import type { SessionDriver } from "@sessions/core";
import { type Cell, modesOf } from "../../bench.js";
import { parseArgs } from "../../config.js";
import { machineInfo, machineLine } from "../../machine.js";
import { collectGarbage, type PhaseSample, runPhase, runUntimed } from "../../measure.js";
import { buildPayloads } from "../../payload.js";
import { table } from "../../report.js";
import { RESULTS_DIR } from "../../results.js";
import type { Phase, Subject, SubjectInstance } from "../../subject.js";
import { measureInterleaved } from "./interleave.js";
import { backgroundRecords, fileSubject, isFileDriver, KINDS, lastDriver } from "./subjects.js";

const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "files"));
const config = parseArgs(argv);
const SIZES = [
  { label: "1k", sessions: 1_000 },
  { label: "100k", sessions: 100_000 },
] as const;
const PHASES: readonly Phase[] = ["create", "get", "update", "destroy"];
const WRITES: readonly Phase[] = ["create", "update", "destroy"];
/** Operations per phase: fsync-bound, so sequential runs are short; the peer is capped. */
function opsFor(kind: string, sessions: number, concurrency: number): number {
  if (kind === "naive") return sessions > 10_000 ? 1 : 100;
  return concurrency === 1 ? 400 : 3_000;
}
const WARMUP = 10;

const startedAt = new Date();
const payloads = buildPayloads();
const modes = modesOf(config);
console.log(machineLine(machineInfo()));
console.log(`files in ${process.env.TMPDIR ?? "/tmp"}; payload ${payloads.bytes} B JSON; 1 round`);
for (const kind of KINDS) console.log(`  ${kind.name.padEnd(6)} ${kind.description}`);
console.log("");

const cells: Cell[] = [];
const loads: { subject: string; mode: string; firstOpsMs: number }[] = [];
const compactions: { subject: string; sessions: number; ms: number }[] = [];
const latencies = new Float64Array(10_000);
const background = SIZES.map((size) => backgroundRecords(size.sessions, payloads));

/** Opens one instance and makes its first calls (the file load) untimed, reported apart. */
async function openLoaded(subject: Subject, count: number, warmup: number, mode: string) {
  const instance = subject.open(warmup + count, payloads);
  collectGarbage();
  const start = performance.now();
  await runUntimed((i) => instance.create(i), warmup, 1);
  loads.push({ subject: subject.name, mode, firstOpsMs: performance.now() - start });
  return instance;
}

for (const kind of KINDS) {
  for (const mode of modes) {
    if (kind.target) {
      // Both sizes open at once, phases interleaved (see interleave.ts).
      const count = opsFor(kind.name, 0, mode.concurrency);
      const subjects = SIZES.map((size, s) => fileSubject(kind, size.label, background[s]!));
      const instances: SubjectInstance[] = [];
      const drivers: (SessionDriver | undefined)[] = [];
      for (const subject of subjects) {
        instances.push(await openLoaded(subject, count, WARMUP, mode.name));
        drivers.push(lastDriver);
      }
      for (const phase of PHASES) {
        const samples = await measureInterleaved(
          instances.map((instance) => (i: number) => instance[phase](i + WARMUP)),
          count,
          mode.concurrency,
        );
        for (const [s, sample] of samples.entries()) {
          cells.push(cellOf(subjects[s]!.name, mode.name, phase, sample));
        }
        console.error(
          `${kind.name} ${mode.name} ${phase}: ${samples.map((x) => Math.round(x.opsPerSec)).join(" / ")} ops/s`,
        );
      }
      if (mode.concurrency === 1) {
        for (const [s, driver] of drivers.entries()) {
          if (!isFileDriver(driver)) continue;
          const start = performance.now();
          await driver.compact();
          compactions.push({
            subject: subjects[s]!.name,
            sessions: SIZES[s]!.sessions,
            ms: performance.now() - start,
          });
        }
      }
      for (const instance of instances) await instance.close();
      continue;
    }
    for (const [s, size] of SIZES.entries()) {
      const subject = fileSubject(kind, size.label, background[s]!);
      const count = opsFor(kind.name, size.sessions, mode.concurrency);
      const instance = await openLoaded(subject, count, 1, mode.name);
      for (const phase of PHASES) {
        const sample = await runPhase(
          (i) => instance[phase](i + 1),
          count,
          mode.concurrency,
          latencies,
        );
        cells.push(cellOf(subject.name, mode.name, phase, sample));
        console.error(
          `${subject.name} ${mode.name} ${phase}: ${Math.round(sample.opsPerSec)} ops/s`,
        );
      }
      await instance.close();
    }
  }
}

function cellOf(subject: string, mode: string, phase: Phase, sample: PhaseSample): Cell {
  const { opsPerSec, p50Us, p99Us, misses } = sample;
  return { subject, mode, phase, opsPerSec, p50Us, p99Us, misses, rounds: [sample] };
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const cell = (subject: string, mode: string, phase: Phase) =>
  cells.find((c) => c.subject === subject && c.mode === mode && c.phase === phase)!;
// A compaction rewrites the whole file once the journal outgrows it: about once per N writes.
const compactionShareUs = (name: string, sessions: number) => {
  const c = compactions.find((x) => x.subject === name);
  return c ? (c.ms * 1000) / sessions : 0;
};

console.log("");
console.log(
  table(
    ["subject", "mode", "phase", " ops/s", " p50 µs", " p99 µs"],
    cells.map((c) => [
      c.subject,
      c.mode,
      c.phase,
      fmt(c.opsPerSec),
      c.p50Us.toFixed(1),
      c.p99Us.toFixed(1),
    ]),
  ),
);

const verdicts = KINDS.filter((k) => k.target).flatMap((kind) =>
  modes.flatMap((mode) =>
    WRITES.map((phase) => {
      const small = cell(`${kind.name}@1k`, mode.name, phase);
      const large = cell(`${kind.name}@100k`, mode.name, phase);
      const smallUs = 1e6 / small.opsPerSec + compactionShareUs(small.subject, 1_000);
      const largeUs = 1e6 / large.opsPerSec + compactionShareUs(large.subject, 100_000);
      const ratio = largeUs / smallUs;
      return {
        driver: kind.name,
        mode: mode.name,
        phase,
        smallUs,
        largeUs,
        ratio,
        verdict: ratio <= 2 ? "PASS" : "MISS",
      };
    }),
  ),
);
console.log("");
console.log(
  "write cost at 100k vs 1k sessions (µs per op incl. amortized compaction; target ≤ 2×)",
);
console.log(
  table(
    ["driver", "mode", "phase", " µs @1k", " µs @100k", " ratio", "verdict"],
    verdicts.map((v) => [
      v.driver,
      v.mode,
      v.phase,
      v.smallUs.toFixed(0),
      v.largeUs.toFixed(0),
      `${v.ratio.toFixed(2)}×`,
      v.verdict,
    ]),
  ),
);
const vsNaive = KINDS.filter((k) => k.target).flatMap((kind) =>
  SIZES.flatMap((size) =>
    modes.flatMap((mode) =>
      PHASES.map((phase) => {
        const ours = cell(`${kind.name}@${size.label}`, mode.name, phase);
        const naive = cell(`naive@${size.label}`, mode.name, phase);
        return {
          driver: kind.name,
          sessions: size.sessions,
          mode: mode.name,
          phase,
          ratio: ours.opsPerSec / naive.opsPerSec,
        };
      }),
    ),
  ),
);
console.log("");
console.log("throughput vs the naive JSON store (ratio > 1: faster)");
console.log(
  table(
    ["driver", " sessions", "mode", "phase", " ratio"],
    vsNaive.map((r) => [r.driver, fmt(r.sessions), r.mode, r.phase, `${r.ratio.toFixed(1)}×`]),
  ),
);
console.log("");
for (const c of compactions)
  console.log(
    `compaction of ${c.subject}: ${c.ms.toFixed(0)} ms (${fmt(c.sessions)} background sessions)`,
  );
for (const l of loads)
  console.log(
    `first ${l.subject.startsWith("naive") ? 1 : WARMUP} calls (file load) of ${l.subject} ${l.mode}: ${l.firstOpsMs.toFixed(0)} ms`,
  );

const finishedAt = new Date();
const passed = verdicts.filter((v) => v.verdict === "PASS").length;
console.log("");
console.log(
  `${passed}/${verdicts.length} PASS · total ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(1)}s`,
);
await mkdir(RESULTS_DIR, { recursive: true });
const file = `${RESULTS_DIR}files-${startedAt.toISOString().replaceAll(":", "-")}.json`;
const json = {
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  durationMs: finishedAt.getTime() - startedAt.getTime(),
  machine: machineInfo(),
  config: {
    sizes: SIZES,
    modes,
    payloadBytes: payloads.bytes,
    warmup: WARMUP,
    naiveOpsAt100k: opsFor("naive", 100_000, 1),
  },
  subjects: KINDS.map(({ name, description, target }) => ({ name, description, target })),
  results: cells,
  verdicts,
  vsNaive,
  compactions,
  loads,
};
await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
console.log(`results: ${file}`);
if (cells.some((c) => c.misses > 0)) process.exitCode = 1;
