import type { Cell } from "./bench.js";
import { median } from "./measure.js";
import type { Phase } from "./subject.js";

/** core's throughput relative to the peer for one phase and mode. */
export interface RatioRow {
  readonly phase: Phase;
  readonly mode: string;
  readonly subjectOpsPerSec: number;
  readonly peerOpsPerSec: number;
  /**
   * Median over rounds of (subject ops/s ÷ peer ops/s) within the same round: the two were
   * measured back to back, so slow drift of the machine cancels out.
   */
  readonly ratio: number;
  /** Smallest and largest per-round ratio: the spread says how noisy the machine was. */
  readonly ratioRange: readonly [number, number];
  readonly verdict: "PASS" | "MISS";
  /** Same median ratio for the informational subjects (e.g. `core+idle`), by subject name. */
  readonly info: Readonly<Record<string, number>>;
}

/**
 * Ratios of `subject` over `peer` for every (mode, phase) cell, with PASS when the ratio is
 * at least `target`; `infoSubjects` get their ratio reported alongside, not judged.
 */
export function ratioRows(
  cells: readonly Cell[],
  subject: string,
  peer: string,
  infoSubjects: readonly string[],
  target: number,
): RatioRow[] {
  const find = (name: string, mode: string, phase: Phase) =>
    cells.find((c) => c.subject === name && c.mode === mode && c.phase === phase);
  const rows: RatioRow[] = [];
  for (const cell of cells) {
    if (cell.subject !== subject) continue;
    const other = find(peer, cell.mode, cell.phase);
    if (!other) continue;
    const perRound = roundRatios(cell, other);
    const ratio = median(perRound);
    const info: Record<string, number> = {};
    for (const name of infoSubjects) {
      const extra = find(name, cell.mode, cell.phase);
      if (extra) info[name] = median(roundRatios(extra, other));
    }
    rows.push({
      phase: cell.phase,
      mode: cell.mode,
      subjectOpsPerSec: cell.opsPerSec,
      peerOpsPerSec: other.opsPerSec,
      ratio,
      ratioRange: [Math.min(...perRound), Math.max(...perRound)],
      verdict: ratio >= target ? "PASS" : "MISS",
      info,
    });
  }
  return rows;
}

/** Per-round throughput ratios of two cells (round k of one against round k of the other). */
function roundRatios(cell: Cell, other: Cell): number[] {
  const rounds = Math.min(cell.rounds.length, other.rounds.length);
  const ratios: number[] = [];
  for (let k = 0; k < rounds; k++)
    ratios.push(cell.rounds[k]!.opsPerSec / other.rounds[k]!.opsPerSec);
  return ratios;
}

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function us(value: number): string {
  return value < 100 ? value.toFixed(2) : value.toFixed(1);
}

/** Renders rows as a fixed-width text table; columns whose header starts with a space align right. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.trim().length, ...rows.map((r) => r[i]!.length)));
  const right = headers.map((h) => h.startsWith(" "));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(headers.map((h) => h.trim())), rule, ...rows.map(line)].join("\n");
}

/** The results table: subject, mode, phase, ops/s, p50 µs, p99 µs (medians over rounds). */
export function resultsTable(cells: readonly Cell[]): string {
  return table(
    ["subject", "mode", "phase", " ops/s", " p50 µs", " p99 µs"],
    cells.map((c) => [
      c.subject,
      c.mode,
      c.phase,
      int.format(c.opsPerSec),
      us(c.p50Us),
      us(c.p99Us),
    ]),
  );
}

/** The ratio table: subject/peer throughput per phase and mode with PASS/MISS against `target`. */
export function ratioTable(
  rows: readonly RatioRow[],
  subject: string,
  peer: string,
  target: number,
): string {
  const infoNames = [...new Set(rows.flatMap((r) => Object.keys(r.info)))];
  return table(
    [
      "phase",
      "mode",
      ` ${subject} ops/s`,
      ` ${peer} ops/s`,
      ` ${subject}/${peer}`,
      " range",
      ` target`,
      "verdict",
      ...infoNames.map((n) => ` ${n}/${peer} (info)`),
    ],
    rows.map((r) => [
      r.phase,
      r.mode,
      int.format(r.subjectOpsPerSec),
      int.format(r.peerOpsPerSec),
      `${r.ratio.toFixed(2)}×`,
      `${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)}`,
      `${target.toFixed(1)}×`,
      r.verdict,
      ...infoNames.map((n) => (r.info[n] === undefined ? "-" : `${r.info[n]!.toFixed(2)}×`)),
    ]),
  );
}
