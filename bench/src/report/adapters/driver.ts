/**
 * Results of the driver benchmarks that report through `driver-verdicts.ts` (sqlite, postgres,
 * redis): the driver through the manager (`sessions`) against its raw client and its peers,
 * getByOwner among 100,000 sessions, one cleanup() sweep. Verdicts are the ones the benchmark
 * computed and stored; only the getByOwner one is recomputed, with the same function.
 */
import type { Cell } from "../../bench.js";
import type { CleanupSample } from "../../cleanup.js";
import { OWNER_TARGET_US, ownerVerdict, RAW_TARGET } from "../../driver-verdicts.js";
import type { PhaseSample } from "../../measure.js";
import type { RatioRow } from "../../report.js";
import type { ResultFile } from "../load-run.js";
import { formatInt, formatRatio, formatUs, formatVerdict, markdownTable } from "../markdown.js";
import type { Section, SectionTable, Verdict } from "../section.js";
import { cellsTable, subjectBullets } from "../tables.js";
import { configLine, type RecordedConfig, sectionBase } from "./common.js";

type PeerRow = RatioRow & { readonly peer: string };

/** The shape `driver-verdicts.ts` writes (`rawName`, `peers`, `cleanup` absent in older files). */
interface DriverResult {
  readonly config: RecordedConfig;
  readonly subjects: readonly { readonly name: string; readonly description: string }[];
  readonly results: readonly Cell[];
  readonly ratios: { readonly raw: readonly RatioRow[]; readonly peers: readonly PeerRow[] };
  readonly getByOwner: PhaseSample & { readonly sessions: number };
  readonly cleanup?: CleanupSample;
  readonly rawName?: string;
  readonly peers?: readonly string[];
  readonly fsync?: boolean;
}

// The driver issues whose targets these benchmarks check.
const ISSUES: Record<string, string> = { sqlite: "#4", postgres: "#4", redis: "#5" };

/** Whether `json` has the driver-verdicts shape. */
export function isDriverResult(json: Record<string, unknown>): boolean {
  const ratios = json.ratios as { raw?: unknown } | undefined;
  return Array.isArray(json.results) && Array.isArray(ratios?.raw) && json.getByOwner !== undefined;
}

/** The section of one driver benchmark. */
export function driverSection(file: ResultFile): Section {
  const result = file.json as unknown as DriverResult;
  // Files written before `rawName` was recorded: the raw subject's description starts with it.
  const rawName =
    result.rawName ??
    result.subjects.find((subject) => subject.name === "raw")?.description.split(/[\s:]/)[0] ??
    "client";
  const peers = result.peers ?? [...new Set(result.ratios.peers.map((row) => row.peer))];
  const about = [
    `\`sessions\` (the driver through the session manager) against \`raw\` (${rawName} doing the same work) and ${peers.map((p) => `\`${p}\``).join(", ")}. ${configLine(result.config)}`,
    subjectBullets(result.subjects),
  ];
  if (result.fsync === false)
    about.push("The server ran with fsync off, the same for every subject.");
  return {
    ...sectionBase(file),
    title: file.benchmark,
    issue: ISSUES[file.benchmark],
    about,
    tables: [
      { caption: "Throughput and latency", markdown: cellsTable(result.results) },
      ratioTable(result, rawName, peers),
      figuresTable(result),
    ],
    verdicts: verdicts(result, rawName),
    misses: result.results.reduce((sum, cell) => sum + cell.misses, 0),
  };
}

/** `sessions` ÷ raw and ÷ each peer, per phase and mode, with each verdict. */
function ratioTable(result: DriverResult, rawName: string, peers: readonly string[]): SectionTable {
  const peerRow = (peer: string, raw: RatioRow) =>
    result.ratios.peers.find(
      (row) => row.peer === peer && row.phase === raw.phase && row.mode === raw.mode,
    );
  const cell = (row: RatioRow | undefined) =>
    row ? `${formatRatio(row.ratio)} ${formatVerdict(row.verdict === "PASS")}` : "–";
  return {
    caption: `Throughput ratio of \`sessions\` (median of per-round ratios; targets: ≥ the raw target, > 1× every peer)`,
    markdown: markdownTable(
      ["phase", "mode", ` ÷ raw ${rawName}`, " raw target", ...peers.map((peer) => ` ÷ ${peer}`)],
      result.ratios.raw.map((raw) => [
        raw.phase,
        raw.mode,
        cell(raw),
        `≥ ${formatRatio(RAW_TARGET[raw.phase])}`,
        ...peers.map((peer) => cell(peerRow(peer, raw))),
      ]),
    ),
  };
}

/** getByOwner latency and the cleanup sweep. */
function figuresTable(result: DriverResult): SectionTable {
  const owners = result.getByOwner;
  const cleanup = result.cleanup;
  const rows = [
    [
      `listByOwner (manager.getByOwner) among ${formatInt(owners.sessions)} sessions, 4 per owner`,
      `${formatInt(owners.ops)} calls: p50 ${formatUs(owners.p50Us)} µs, p99 ${formatUs(owners.p99Us)} µs`,
      `p50 < ${formatInt(OWNER_TARGET_US)} µs ${formatVerdict(ownerVerdict(owners) === "PASS")}`,
    ],
    cleanup
      ? [
          `cleanup (manager.cleanup → deleteExpired, batches of 1,000) of ${formatInt(cleanup.expired)} expired among ${formatInt(cleanup.expired + cleanup.live)}`,
          `${formatInt(cleanup.removed)} removed in ${cleanup.elapsedMs.toFixed(1)} ms: ${formatInt(cleanup.removedPerSec)} sessions/s`,
          "no target",
        ]
      : ["cleanup", "not measured by this result file", "no target"],
  ];
  return {
    caption: "listByOwner and cleanup",
    markdown: markdownTable(["check", "measured", "target"], rows),
  };
}

/** Every stored verdict as a sentence, plus getByOwner. */
function verdicts(result: DriverResult, rawName: string): Verdict[] {
  const list: Verdict[] = [];
  for (const row of result.ratios.raw)
    list.push({
      pass: row.verdict === "PASS",
      key: `raw ${row.phase}`,
      text: `${row.phase} (${row.mode}): ${formatRatio(row.ratio)} raw ${rawName}, target ≥ ${formatRatio(RAW_TARGET[row.phase])}`,
    });
  for (const row of result.ratios.peers)
    list.push({
      pass: row.verdict === "PASS",
      key: `peer ${row.peer} ${row.phase}`,
      text: `${row.phase} (${row.mode}): ${formatRatio(row.ratio)} ${row.peer}, target > 1× (faster)`,
    });
  const owners = result.getByOwner;
  list.push({
    pass: ownerVerdict(owners) === "PASS",
    key: "listByOwner",
    text: `listByOwner among ${formatInt(owners.sessions)} sessions: p50 ${formatUs(owners.p50Us)} µs, target < ${formatInt(OWNER_TARGET_US)} µs`,
  });
  return list;
}
