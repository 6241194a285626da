/**
 * Results of `src/run.ts` (issue #2's foundation benchmark): `@sessions/core` on its memory
 * driver against express-session's MemoryStore, with the ratio verdicts the run stored.
 */
import type { Cell } from "../../bench.js";
import type { RatioRow } from "../../report.js";
import type { ResultFile } from "../load-run.js";
import { formatInt, formatRatio, formatVerdict, markdownTable } from "../markdown.js";
import type { Section, SectionTable, Verdict } from "../section.js";
import { cellsTable, subjectBullets } from "../tables.js";
import { configLine, type RecordedConfig, sectionBase } from "./common.js";

interface MemoryResult {
  readonly config: RecordedConfig & { readonly targetRatio: number };
  readonly subjects: readonly { readonly name: string; readonly description: string }[];
  readonly results: readonly Cell[];
  readonly ratios: readonly RatioRow[];
}

/** Whether `json` has the shape `src/run.ts` writes (ratios as one flat list). */
export function isMemoryResult(json: Record<string, unknown>): boolean {
  return Array.isArray(json.results) && Array.isArray(json.ratios);
}

/** The section of the memory-driver benchmark. */
export function memorySection(file: ResultFile): Section {
  const result = file.json as unknown as MemoryResult;
  // run.ts lists the judged subject first and its peer second (see its `subjects`).
  const subject = result.subjects[0]?.name ?? "core";
  const peer = result.subjects[1]?.name ?? "peer";
  const target = result.config.targetRatio;
  const verdicts: Verdict[] = result.ratios.map((row) => ({
    pass: row.verdict === "PASS",
    key: `ratio ${row.phase}`,
    text: `${row.phase} (${row.mode}): ${formatRatio(row.ratio)} ${peer}, target ≥ ${formatRatio(target)}`,
  }));
  return {
    ...sectionBase(file),
    title: `memory driver vs express-session ${peer}`,
    issue: "#2",
    about: [
      `\`${subject}\` against express-session's \`${peer}\`. ${configLine(result.config)}`,
      subjectBullets(result.subjects),
    ],
    tables: [
      { caption: "Throughput and latency", markdown: cellsTable(result.results) },
      ratioTable(result.ratios, subject, peer, target),
    ],
    verdicts,
    misses: result.results.reduce((sum, cell) => sum + cell.misses, 0),
  };
}

/** subject ÷ peer per phase and mode, with the informational subjects alongside. */
function ratioTable(
  rows: readonly RatioRow[],
  subject: string,
  peer: string,
  target: number,
): SectionTable {
  const info = [...new Set(rows.flatMap((row) => Object.keys(row.info)))];
  return {
    caption: `Throughput ratio ${subject} ÷ ${peer} (median of per-round ratios; target ≥ ${formatRatio(target)}; ${info.map((n) => `\`${n}\``).join(", ") || "none"} for information)`,
    markdown: markdownTable(
      [
        "phase",
        "mode",
        ` ${subject} ops/s`,
        ` ${peer} ops/s`,
        ` ${subject} ÷ ${peer}`,
        " range",
        ...info.map((name) => ` ${name} ÷ ${peer}`),
      ],
      rows.map((row) => [
        row.phase,
        row.mode,
        formatInt(row.subjectOpsPerSec),
        formatInt(row.peerOpsPerSec),
        `${formatRatio(row.ratio)} ${formatVerdict(row.verdict === "PASS")}`,
        `${row.ratioRange[0].toFixed(2)}–${row.ratioRange[1].toFixed(2)}`,
        ...info.map((name) => (row.info[name] === undefined ? "–" : formatRatio(row.info[name]!))),
      ]),
    ),
  };
}
