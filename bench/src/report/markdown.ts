/** Markdown building blocks and the number formats every table of BENCHMARKS.md uses. */

/**
 * A GitHub-flavoured markdown table. Columns whose header starts with a space are
 * right-aligned (numbers), the same convention as the console tables of `../report.ts`.
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const escapeCell = (cell: string) => cell.replaceAll("|", "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  const rule = headers.map((header) => (header.startsWith(" ") ? "---:" : "---"));
  return [line(headers.map((header) => header.trim())), line(rule), ...rows.map(line)].join("\n");
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Whole number with thousands separators: `12,345`. */
export function formatInt(value: number): string {
  return integer.format(value);
}

/** Microseconds: two decimals below 100, one above (`4.97`, `151.6`). */
export function formatUs(value: number): string {
  return value < 100 ? value.toFixed(2) : value.toFixed(1);
}

/** A throughput ratio: `0.87×`. */
export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** A verdict as shown in tables and lists: `PASS`, or `**MISS**` so misses stand out. */
export function formatVerdict(pass: boolean): string {
  return pass ? "PASS" : "**MISS**";
}
