import { readFileSync } from "node:fs";

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/** State letter and start time of a local process from /proc, or `null` where /proc is absent. */
function procStat(pid: number): { state: string; start: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "latin1");
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", start: fields[19] ?? "" };
  } catch {
    return null;
  }
}

/**
 * Start time of a local process (`/proc/<pid>/stat` field 22), to tell a reused pid from the
 * process that wrote it; `null` where /proc is absent.
 */
export function processStart(pid: number): string | null {
  return procStat(pid)?.start ?? null;
}

/** True while `pid` runs as the process that started at `start` (zombies count as dead). */
export function processAlive(pid: number, start: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (codeOf(error) === "ESRCH") return false;
    // EPERM: it exists under another user.
  }
  const stat = procStat(pid);
  if (stat === null) return true;
  return stat.state !== "Z" && (start === null || stat.start === start);
}
