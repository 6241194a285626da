import { readFileSync } from "node:fs";

/** CPU time counters of the whole machine (Linux `/proc/stat`), or `undefined` elsewhere. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { busy: total - fields[3]! - (fields[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the machine is quiet: a window of `windowMs` in which at most `busyShare` of
 * all cores' time was busy, or `maxMs` at most. Called before every warm-up and measurement,
 * so what the previous subject left running (a server's background writes after a dropped
 * table, a pool's backends going away, the kernel's writeback) is not charged to whoever
 * runs next. A no-op where `/proc/stat` does not exist.
 */
export async function waitForQuietMachine({
  windowMs = 200,
  busyShare = 0.1,
  maxMs = 5_000,
} = {}): Promise<void> {
  const started = performance.now();
  let before = cpuTimes();
  if (before === undefined) return;
  while (performance.now() - started < maxMs) {
    await sleep(windowMs);
    const after = cpuTimes()!;
    const total = after.total - before.total;
    if (total > 0 && (after.busy - before.busy) / total <= busyShare) return;
    before = after;
  }
}
