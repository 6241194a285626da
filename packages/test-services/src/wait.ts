import { logTail, type ManagedProcess, sleep } from "./process.js";

/** Options of {@link waitUntilReady}. */
export interface WaitUntilReadyOptions {
  /** Human name used in errors, e.g. `"redis-server on 127.0.0.1:6380"`. */
  what: string;
  /** The server process; waiting stops early when it exits. */
  proc: ManagedProcess;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Pause between attempts; defaults to 100 ms. */
  intervalMs?: number;
}

/**
 * Calls `check` until it resolves. Throws, with the tail of the server's log, when the
 * process exits first or `timeoutMs` passes.
 */
export async function waitUntilReady(
  check: () => Promise<void>,
  options: WaitUntilReadyOptions,
): Promise<void> {
  const { what, proc, timeoutMs } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (proc.hasExited()) {
      const { code, signal } = await proc.exited;
      throw new Error(
        `[test-services] ${what} exited during startup (code ${code}, signal ${signal}). ` +
          `Log tail (${proc.logFile}):\n${logTail(proc.logFile)}`,
      );
    }
    try {
      await check();
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(
        `[test-services] ${what} (pid ${proc.pid}) was not ready after ${timeoutMs} ms ` +
          `(last error: ${reason}). Log tail (${proc.logFile}):\n${logTail(proc.logFile)}`,
        { cause: lastError },
      );
    }
    await sleep(options.intervalMs ?? 100);
  }
}
