/**
 * Fallback for a result shape no adapter knows (a new benchmark): its cells table when it has
 * one, else a pointer to the file, so a new benchmark shows up rather than vanishing.
 */
import type { Cell } from "../../bench.js";
import type { ResultFile } from "../load-run.js";
import type { Section } from "../section.js";
import { cellsTable } from "../tables.js";
import { sectionBase } from "./common.js";

/** A section with whatever can be shown without knowing the shape; no verdicts. */
export function genericSection(file: ResultFile): Section {
  const cells = Array.isArray(file.json.results) ? (file.json.results as Cell[]) : undefined;
  const hasCells = cells?.every((cell) => typeof cell.opsPerSec === "number") ?? false;
  return {
    ...sectionBase(file),
    title: file.benchmark,
    about: [
      `No report adapter knows the shape of \`${file.file}\` yet (keys: ${Object.keys(file.json).join(", ")}); add one under \`bench/src/report/adapters/\`. Its targets are not judged here.`,
    ],
    tables:
      hasCells && cells ? [{ caption: "Throughput and latency", markdown: cellsTable(cells) }] : [],
    verdicts: [],
    misses: hasCells && cells ? cells.reduce((sum, cell) => sum + cell.misses, 0) : 0,
  };
}
