import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";

/** How a managed process ended. */
export interface ExitInfo {
  /** Exit code, or `null` when the process was ended by a signal. */
  code: number | null;
  /** Signal that ended the process, or `null`. */
  signal: NodeJS.Signals | null;
}

/** A child process started by {@link spawnManaged}, with its output in a log file. */
export interface ManagedProcess {
  /** Operating-system process id. */
  readonly pid: number;
  /** File that receives the process's stdout and stderr. */
  readonly logFile: string;
  /** Settles once the process has exited and been reaped (its pid is then gone). */
  readonly exited: Promise<ExitInfo>;
  /** `true` once {@link ManagedProcess.exited} has settled. */
  hasExited(): boolean;
}

/** Options of {@link spawnManaged}. */
export interface SpawnManagedOptions {
  /** Log file for stdout and stderr, appended to. */
  logFile: string;
  /** Working directory of the child. */
  cwd: string;
  /** Run the child as this user id (only possible as root). */
  uid?: number;
  /** Run the child as this group id (only possible as root). */
  gid?: number;
  /** Signal sent by the process-exit safety net; defaults to `"SIGKILL"`. */
  exitSignal?: NodeJS.Signals;
}

const livePids = new Map<number, NodeJS.Signals>();
const ownedDirs = new Set<string>();
let safetyNetInstalled = false;

function killAllSync(): void {
  for (const [pid, signal] of livePids) signalPid(pid, signal);
  livePids.clear();
  for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
  ownedDirs.clear();
}

// The 'exit' event cannot wait, so the net only signals by pid and removes directories
// synchronously. On SIGINT/SIGTERM/SIGHUP it cleans up, then re-raises the signal when
// nobody else listens for it, so the default "terminate" still happens.
function installSafetyNet(): void {
  if (safetyNetInstalled) return;
  safetyNetInstalled = true;
  process.on("exit", killAllSync);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      killAllSync();
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

/**
 * Sends `signal` to `pid`, ignoring "no such process".
 *
 * @returns `false` when the process no longer existed.
 */
export function signalPid(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

/** `true` while a process with this pid exists (`kill(pid, 0)` succeeds). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Marks a directory for removal by the process-exit safety net (or stops doing so).
 * Used for the temp dirs of running servers.
 */
export function trackOwnedDir(dir: string, owned: boolean): void {
  if (owned) {
    installSafetyNet();
    ownedDirs.add(dir);
  } else {
    ownedDirs.delete(dir);
  }
}

/**
 * Spawns `command` with stdout and stderr appended to `logFile`, without keeping the event
 * loop alive, and registers its pid with a safety net that signals it synchronously if this
 * process exits before {@link stopManaged} ran. Rejects when the command cannot be spawned.
 */
export async function spawnManaged(
  command: string,
  args: readonly string[],
  options: SpawnManagedOptions,
): Promise<ManagedProcess> {
  installSafetyNet();
  const fd = openSync(options.logFile, "a");
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ["ignore", fd, fd],
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    });
  } finally {
    closeSync(fd);
  }
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (error) =>
      reject(
        new Error(`[test-services] could not start ${command}: ${error.message}`, { cause: error }),
      ),
    );
  });
  const pid = child.pid!;
  livePids.set(pid, options.exitSignal ?? "SIGKILL");
  let done = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true;
      livePids.delete(pid);
      resolve({ code, signal });
    });
  });
  child.unref();
  return { pid, logFile: options.logFile, exited, hasExited: () => done };
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Stops a managed process by pid: sends `signal`, waits up to `graceMs`, then sends SIGKILL.
 * Resolves once the process is reaped; harmless when it already exited.
 *
 * @param signal first signal; defaults to `"SIGTERM"`.
 * @param graceMs wait before SIGKILL; defaults to 10 000 ms.
 */
export async function stopManaged(
  proc: ManagedProcess,
  signal: NodeJS.Signals = "SIGTERM",
  graceMs = 10_000,
): Promise<ExitInfo> {
  if (!proc.hasExited()) {
    signalPid(proc.pid, signal);
    if (!(await settlesWithin(proc.exited, graceMs))) {
      signalPid(proc.pid, "SIGKILL");
      if (!(await settlesWithin(proc.exited, 5_000))) {
        throw new Error(`[test-services] pid ${proc.pid} did not exit after SIGKILL`);
      }
    }
  }
  return proc.exited;
}

/**
 * Waits up to `timeoutMs` for a managed process to exit on its own (e.g. `initdb`); after that
 * it is killed by pid and an error is thrown.
 */
export async function waitForExit(proc: ManagedProcess, timeoutMs: number): Promise<ExitInfo> {
  if (await settlesWithin(proc.exited, timeoutMs)) return proc.exited;
  await stopManaged(proc, "SIGKILL", 5_000);
  throw new Error(`[test-services] pid ${proc.pid} did not finish within ${timeoutMs} ms`);
}

/** Last `lines` lines of a log file, or a note when it cannot be read. */
export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return `(no log at ${file})`;
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
