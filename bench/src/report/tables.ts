/** Tables several adapters share: throughput and latency per subject, phase and mode. */
import type { Cell } from "../bench.js";
import { formatInt, formatUs, markdownTable } from "./markdown.js";

/**
 * ops/s, p50 and p99 (µs) of every subject and phase, one column group per mode in the order
 * the cells list them (e.g. `sequential`, `64 in flight`).
 */
export function cellsTable(cells: readonly Cell[]): string {
  const modes = [...new Set(cells.map((cell) => cell.mode))];
  const rows = new Map<string, Map<string, Cell>>();
  for (const cell of cells) {
    const key = `${cell.subject}\u0000${cell.phase}`;
    const row = rows.get(key) ?? new Map<string, Cell>();
    row.set(cell.mode, cell);
    rows.set(key, row);
  }
  return markdownTable(
    ["subject", "phase", ...modes.flatMap((mode) => [` ${mode} ops/s`, " p50 µs", " p99 µs"])],
    [...rows].map(([key, byMode]) => [
      ...key.split("\u0000"),
      ...modes.flatMap((mode) => {
        const cell = byMode.get(mode);
        return cell
          ? [formatInt(cell.opsPerSec), formatUs(cell.p50Us), formatUs(cell.p99Us)]
          : ["–", "–", "–"];
      }),
    ]),
  );
}

/** A bullet per subject: `` - `name`: description ``. */
export function subjectBullets(
  subjects: readonly { readonly name: string; readonly description: string }[],
): string {
  return subjects.map((subject) => `- \`${subject.name}\`: ${subject.description}`).join("\n");
}
