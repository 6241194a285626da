import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Cell } from "../src/bench.js";
import { benchmarkOf } from "../src/report/load-run.js";
import { keyMatches } from "../src/report/notes.js";
import { writeBenchmarks } from "../src/report/write-benchmarks.js";
import { PHASES } from "../src/subject.js";

const machine = {
  cpu: "Test CPU",
  cores: 2,
  node: "v20.20.2",
  v8: "11",
  platform: "linux test x64",
  totalMemGiB: 4,
  exposeGc: true,
};
const sample = (opsPerSec: number) => ({
  ops: 100,
  misses: 0,
  elapsedMs: 1,
  opsPerSec,
  p50Us: 10,
  p99Us: 20,
  meanUs: 11,
});
const cell = (subject: string, mode: string, phase: string, opsPerSec: number): Cell =>
  ({
    subject,
    mode,
    phase,
    opsPerSec,
    p50Us: 10,
    p99Us: 20,
    misses: 0,
    rounds: [sample(opsPerSec)],
  }) as Cell;
const ratio = (phase: string, mode: string, value: number, verdict: "PASS" | "MISS") => ({
  phase,
  mode,
  subjectOpsPerSec: value * 1000,
  peerOpsPerSec: 1000,
  ratio: value,
  ratioRange: [value, value],
  verdict,
  info: {},
});

/** A redis-shaped result: update misses its raw target, get misses against a peer. */
function redisFixture() {
  const modes = ["sequential", "64 in flight"];
  const subjects = ["sessions", "raw", "connect-redis"];
  return {
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 1000,
    machine,
    redisVersion: "7.0.15",
    rawName: "node-redis",
    peers: ["connect-redis"],
    config: {
      sessions: 100,
      rounds: 1,
      warmup: 10,
      payloadBytes: 1021,
      modes: modes.map((name) => ({ name })),
    },
    subjects: subjects.map((name) => ({ name, description: `${name} subject` })),
    results: subjects.flatMap((s) => modes.flatMap((m) => PHASES.map((p) => cell(s, m, p, 1000)))),
    ratios: {
      raw: modes.flatMap((m) =>
        PHASES.map((p) => (p === "update" ? ratio(p, m, 0.45, "MISS") : ratio(p, m, 0.9, "PASS"))),
      ),
      peers: modes.flatMap((m) =>
        PHASES.map((p) => ({
          peer: "connect-redis",
          ...(p === "get" ? ratio(p, m, 0.7, "MISS") : ratio(p, m, 1.2, "PASS")),
        })),
      ),
    },
    getByOwner: { sessions: 100_000, ...sample(10_000), p50Us: 50 },
    cleanup: {
      expired: 20_000,
      live: 2_000,
      removed: 20_000,
      elapsedMs: 100,
      removedPerSec: 200_000,
    },
  };
}

describe("BENCHMARKS.md generator", () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("renders a driver result with its verdicts, figures and notes", async () => {
    dir = await mkdtemp(join(tmpdir(), "bench-report-"));
    await writeFile(
      join(dir, "redis-2026-01-01T00-00-00.000Z.json"),
      JSON.stringify(redisFixture()),
    );
    await writeFile(join(dir, "latest.json"), "{}");
    const out = join(dir, "BENCHMARKS.md");
    const sections = await writeBenchmarks(dir, out);
    const markdown = await readFile(out, "utf8");

    expect(sections.map((s) => s.benchmark)).toEqual(["redis"]);
    expect(markdown).toContain(
      "- **MISS**: update (sequential): 0.45× raw node-redis, target ≥ 0.70×",
    );
    expect(markdown).toContain(
      "- **MISS**: get (64 in flight): 0.70× connect-redis, target > 1× (faster)",
    );
    expect(markdown).toContain(
      "- PASS: listByOwner among 100,000 sessions: p50 50.00 µs, target < 2,000 µs",
    );
    expect(markdown).toContain("20,000 removed in 100.0 ms: 200,000 sessions/s");
    expect(markdown).toContain("redis-server 7.0.15 (redis)");
    expect(markdown).toContain("Test CPU | 2 cores");
    // The update miss has a note; the memory benchmark is reported missing from this run.
    expect(markdown).toContain("`update(session, data)` is one round trip");
    expect(markdown).toContain("no result from the `memory` benchmark in this run");
  });

  it("files result names under their benchmark and ignores other files", () => {
    expect(benchmarkOf("sqlite-2026-11-25T14-43-40.032Z.json")).toBe("sqlite");
    expect(benchmarkOf("2026-11-25T14-36-09.824Z.json")).toBe("memory");
    expect(benchmarkOf("files-json-2026-11-25T14-36-09.824Z.json")).toBe("files-json");
    expect(benchmarkOf("latest.json")).toBeUndefined();
    expect(benchmarkOf("run.json")).toBeUndefined();
  });

  it("matches note keys with * wildcards only", () => {
    expect(keyMatches("peer * update", "peer connect-redis update")).toBe(true);
    expect(keyMatches("peer * update", "peer keyv get")).toBe(false);
    expect(keyMatches("raw get", "raw get")).toBe(true);
  });
});
