/** Builds BENCHMARKS.md from one run directory and writes it. */
import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { sectionOf } from "./adapters/index.js";
import { expectedBenchmarks } from "./expected.js";
import { gitState } from "./git.js";
import { loadRun } from "./load-run.js";
import { type RunSummary, renderBenchmarks } from "./render.js";
import type { Section } from "./section.js";

/** Where the document goes: `BENCHMARKS.md` at the repository root. */
export const BENCHMARKS_FILE = fileURLToPath(new URL("../../../BENCHMARKS.md", import.meta.url));

/**
 * Reads every result of the run in `dir`, renders the document and writes it to `out`;
 * resolves with the sections, so callers can report how many targets were met.
 */
export async function writeBenchmarks(
  dir: string,
  out: string = BENCHMARKS_FILE,
): Promise<readonly Section[]> {
  const run = await loadRun(dir);
  if (run.results.length === 0) throw new Error(`no result files in ${dir}`);
  const expected = expectedBenchmarks();
  const rank = (name: string) => {
    const index = expected.indexOf(name);
    return index === -1 ? expected.length : index;
  };
  const sections = [...run.results]
    .sort((a, b) => rank(a.benchmark) - rank(b.benchmark) || a.benchmark.localeCompare(b.benchmark))
    .map(sectionOf);
  const present = new Set(run.results.map((result) => result.benchmark));
  // A run directory written by hand (no run.json) is reported against the checkout as it is now.
  const git = run.record ?? gitState(fileURLToPath(new URL(".", import.meta.url)));
  const summary: RunSummary = {
    id: run.record?.id ?? basename(dir),
    startedAt:
      run.record?.startedAt ?? sections.map((s) => s.startedAt ?? "").sort()[0] ?? "unknown",
    finishedAt: run.record?.finishedAt,
    commit: run.record ? git.commit : `${git.commit} (at report time; the run recorded none)`,
    dirty: git.dirty,
    failedSteps: (run.record?.steps ?? [])
      .filter((step) => step.exitCode !== 0)
      .map((step) => `\`${step.script}\` exited with ${step.exitCode ?? "a signal"}`),
    missing: expected.filter((name) => !present.has(name)),
  };
  await writeFile(out, renderBenchmarks(summary, sections));
  return sections;
}
