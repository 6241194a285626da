/**
 * Ratio tables and the JSON report shared by the SQL driver benchmarks (sqlite, postgres):
 * the driver against its raw client (per-phase targets) and against every peer (must be
 * faster), plus the listByOwner latency check and the cleanup figure. Used by the sqlite,
 * postgres and redis benchmarks; the BENCHMARKS.md generator (src/report/) reads what it writes.
 */
import { writeFile } from "node:fs/promises";
import { type Cell, modesOf } from "./bench.js";
import type { CleanupSample } from "./cleanup.js";
import type { BenchConfig } from "./config.js";
import { machineInfo } from "./machine.js";
import type { PhaseSample } from "./measure.js";
import { type RatioRow, ratioRows, resultsTable, table } from "./report.js";
import { RESULTS_DIR } from "./results.js";
import type { Phase, Subject } from "./subject.js";

/** Throughput the driver must reach relative to the raw client, per phase. */
export const RAW_TARGET: Record<Phase, number> = {
  create: 0.7,
  get: 0.8,
  touch: 0.8,
  update: 0.7,
  destroy: 0.8,
};
/** listByOwner (getByOwner) must answer under this p50. */
export const OWNER_TARGET_US = 2_000;

/** PASS when the getByOwner p50 is under {@link OWNER_TARGET_US}. */
export function ownerVerdict(owners: Pick<PhaseSample, "p50Us">): "PASS" | "MISS" {
  return owners.p50Us < OWNER_TARGET_US ? "PASS" : "MISS";
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** Prints every table with PASS/MISS, writes `results/<driver>-<timestamp>.json`. */
export async function report(args: {
  driver: string;
  rawName: string;
  peers: readonly string[];
  cells: Cell[];
  owners: PhaseSample & { sessions: number };
  /** One `manager.cleanup()` over expired sessions (a figure, no target). */
  cleanup: CleanupSample;
  config: BenchConfig;
  payloadBytes: number;
  subjects: readonly Subject[];
  startedAt: Date;
  extra: Record<string, unknown>;
}): Promise<void> {
  const { cells, owners } = args;
  const vsRaw = ratioRows(cells, "sessions", "raw", [], 0).map(
    (r): RatioRow => ({ ...r, verdict: r.ratio >= RAW_TARGET[r.phase] ? "PASS" : "MISS" }),
  );
  const vsPeers = args.peers.flatMap((peer) =>
    ratioRows(cells, "sessions", peer, [], 1).map((r) => ({
      peer,
      ...r,
      verdict: r.ratio > 1 ? ("PASS" as const) : ("MISS" as const),
    })),
  );
  const ownerCheck = ownerVerdict(owners);
  const { cleanup } = args;
  console.log("");
  console.log(resultsTable(cells));
  console.log("");
  console.log(
    `sessions vs raw ${args.rawName} (throughput; median of per-round ratios; range = min–max)`,
  );
  console.log(
    table(
      ["phase", "mode", " sessions ops/s", " raw ops/s", " ratio", " range", " target", "verdict"],
      vsRaw.map((r) => [
        r.phase,
        r.mode,
        fmt(r.subjectOpsPerSec),
        fmt(r.peerOpsPerSec),
        `${r.ratio.toFixed(2)}×`,
        `${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)}`,
        `≥ ${RAW_TARGET[r.phase].toFixed(1)}×`,
        r.verdict,
      ]),
    ),
  );
  console.log("");
  console.log("sessions vs peers (throughput; must be faster: ratio > 1)");
  console.log(
    table(
      ["peer", "phase", "mode", " sessions ops/s", " peer ops/s", " ratio", " range", "verdict"],
      vsPeers.map((r) => [
        r.peer,
        r.phase,
        r.mode,
        fmt(r.subjectOpsPerSec),
        fmt(r.peerOpsPerSec),
        `${r.ratio.toFixed(2)}×`,
        `${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)}`,
        r.verdict,
      ]),
    ),
  );
  console.log("");
  console.log(
    table(
      ["check", " calls", " p50 µs", " p99 µs", " target", "verdict"],
      [
        [
          `getByOwner among ${owners.sessions.toLocaleString("en-US")} sessions (4 per owner)`,
          String(owners.ops),
          owners.p50Us.toFixed(1),
          owners.p99Us.toFixed(1),
          `< ${OWNER_TARGET_US} µs p50`,
          ownerCheck,
        ],
      ],
    ),
  );
  console.log(
    `cleanup: ${fmt(cleanup.removed)} of ${fmt(cleanup.expired)} expired sessions removed (${fmt(cleanup.live)} live kept) in ${cleanup.elapsedMs.toFixed(1)} ms = ${fmt(cleanup.removedPerSec)} sessions/s`,
  );
  if (cleanup.removed !== cleanup.expired)
    console.log("WARNING: cleanup removed a different count");
  const misses = cells.filter((c) => c.misses > 0);
  for (const c of misses)
    console.log(`WARNING: ${c.subject} ${c.mode} ${c.phase}: ${c.misses} misses`);
  const verdicts = [...vsRaw.map((r) => r.verdict), ...vsPeers.map((r) => r.verdict), ownerCheck];
  const finishedAt = new Date();
  const durationMs = finishedAt.getTime() - args.startedAt.getTime();
  console.log("");
  console.log(
    `${verdicts.filter((v) => v === "PASS").length}/${verdicts.length} PASS · total ${(durationMs / 1000).toFixed(1)}s`,
  );
  const file = `${RESULTS_DIR}${args.driver}-${args.startedAt.toISOString().replaceAll(":", "-")}.json`;
  const json = {
    startedAt: args.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs,
    machine: machineInfo(),
    ...args.extra,
    rawName: args.rawName,
    peers: args.peers,
    config: { ...args.config, payloadBytes: args.payloadBytes, modes: modesOf(args.config) },
    subjects: args.subjects.map(({ name, description, target }) => ({ name, description, target })),
    results: cells,
    ratios: { raw: vsRaw, peers: vsPeers },
    getByOwner: owners,
    cleanup,
  };
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`results: ${file}`);
  if (misses.length > 0 || cleanup.removed !== cleanup.expired) process.exitCode = 1;
}
