import { execFileSync } from "node:child_process";

/** The checked-out commit and whether the working tree (BENCHMARKS.md aside) differs from it. */
export interface GitState {
  readonly commit: string;
  readonly dirty: boolean;
}

/** Reads {@link GitState} with the `git` CLI; `commit: "unknown"` outside a repository. */
export function gitState(cwd: string): GitState {
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  try {
    // BENCHMARKS.md is what a run writes: a previous run's copy does not make this one dirty.
    const status = git("status", "--porcelain", "--", ":/", ":(top,exclude)BENCHMARKS.md");
    return { commit: git("rev-parse", "HEAD").trim(), dirty: status !== "" };
  } catch {
    return { commit: "unknown", dirty: false };
  }
}
