/**
 * Results of `src/drivers/files/run.ts` (issue #3): the json and csv drivers at 1,000 and
 * 100,000 sessions next to a naive read-modify-write JSON store. The target: a write at 100k
 * costs at most 2× a write at 1k (compaction's share included, as the benchmark records it).
 */
import type { Cell } from "../../bench.js";
import type { ResultFile } from "../load-run.js";
import { formatInt, formatRatio, markdownTable } from "../markdown.js";
import type { Section, Verdict } from "../section.js";
import { cellsTable, subjectBullets } from "../tables.js";
import { sectionBase } from "./common.js";

interface ScalingVerdict {
  readonly driver: string;
  readonly mode: string;
  readonly phase: string;
  readonly smallUs: number;
  readonly largeUs: number;
  readonly ratio: number;
  readonly verdict: "PASS" | "MISS";
}

interface FilesResult {
  readonly config: {
    readonly sizes: readonly { readonly label: string; readonly sessions: number }[];
    readonly payloadBytes: number;
    readonly naiveOpsAt100k: number;
  };
  readonly subjects: readonly { readonly name: string; readonly description: string }[];
  readonly results: readonly Cell[];
  readonly verdicts: readonly ScalingVerdict[];
  readonly compactions: readonly { readonly subject: string; readonly ms: number }[];
  readonly loads: readonly {
    readonly subject: string;
    readonly mode: string;
    readonly firstOpsMs: number;
  }[];
}

/** Whether `json` has the file benchmark's shape. */
export function isFilesResult(json: Record<string, unknown>): boolean {
  return (
    Array.isArray(json.verdicts) && Array.isArray(json.compactions) && Array.isArray(json.loads)
  );
}

/** The section of the file-driver benchmark. */
export function filesSection(file: ResultFile): Section {
  const result = file.json as unknown as FilesResult;
  const sizes = result.config.sizes.map((size) => size.label).join(" and ");
  const verdicts: Verdict[] = result.verdicts.map((row) => ({
    pass: row.verdict === "PASS",
    key: `scaling ${row.phase}`,
    text: `${row.driver} ${row.phase} (${row.mode}): ${formatRatio(row.ratio)} the cost at 1k (${row.smallUs.toFixed(0)} → ${row.largeUs.toFixed(0)} µs per write), target ≤ 2×`,
  }));
  return {
    ...sectionBase(file),
    title: "files (json, csv)",
    issue: "#3",
    about: [
      `Each store starts with ${sizes} sessions of ${result.config.payloadBytes} B already in the file; the naive peer runs ${result.config.naiveOpsAt100k} call per phase and mode at 100k (each rewrites the whole file).`,
      subjectBullets(result.subjects),
    ],
    tables: [
      {
        caption: "Throughput and latency (`<driver>@<sessions>`)",
        markdown: cellsTable(result.results),
      },
      {
        caption: "Write cost at 100k against 1k (µs per write, compaction's share included)",
        markdown: markdownTable(
          ["driver", "mode", "phase", " at 1k", " at 100k", " ratio"],
          result.verdicts.map((row) => [
            row.driver,
            row.mode,
            row.phase,
            formatInt(row.smallUs),
            formatInt(row.largeUs),
            formatRatio(row.ratio),
          ]),
        ),
      },
      {
        caption: "Compaction (whole-file rewrite) and first-operation load time",
        markdown: markdownTable(
          ["subject", " compaction ms", " load ms (first op, sequential)"],
          result.compactions.map((row) => [
            row.subject,
            formatInt(row.ms),
            formatInt(
              result.loads.find(
                (load) => load.subject === row.subject && load.mode === "sequential",
              )?.firstOpsMs ?? Number.NaN,
            ),
          ]),
        ),
      },
    ],
    verdicts,
    misses: result.results.reduce((sum, cell) => sum + cell.misses, 0),
  };
}
