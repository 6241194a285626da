import type { RunnerTask, RunnerTestSuite } from "vitest";
import { describe, expect, it, vi } from "vitest";
import { runConformance } from "../src/index.js";

const REASON = "no server for this backend";
const create = vi.fn(() => {
  throw new Error("create must not be called by a skipped suite");
});
const warn = vi.spyOn(console, "warn");

runConformance({ name: "unavailable", create, skip: REASON });

function testsOf(task: RunnerTask): RunnerTask[] {
  return task.type === "suite" ? task.tasks.flatMap(testsOf) : [task];
}

describe("skip option", () => {
  it("registers one visible SKIPPED test that ran and printed the reason, and skips every check", ({
    task,
  }) => {
    const suite = task.file.tasks.find(
      (candidate): candidate is RunnerTestSuite =>
        candidate.type === "suite" && candidate.name.startsWith("unavailable"),
    );
    expect(suite).toBeDefined();
    const tests = testsOf(suite!);
    const notice = tests.filter((test) => test.mode === "run");
    expect(notice.map((test) => test.name)).toEqual([`SKIPPED: ${REASON}`]);
    expect(notice[0]?.result?.state).toBe("pass");
    const skipped = tests.filter((test) => test.mode === "skip");
    expect(skipped.length).toBeGreaterThan(30);
    expect(skipped.length + 1).toBe(tests.length);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`SKIPPED: ${REASON}`));
    expect(create).not.toHaveBeenCalled();
  });

  it("refuses an empty skip reason and unknown levels", () => {
    expect(() => runConformance({ name: "x", create, skip: "" })).toThrow(TypeError);
    expect(() => runConformance({ name: "x", create, levels: [] })).toThrow(TypeError);
  });
});
