import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { SessionStoreError } from "@sessions/core";
import { tempPathFor } from "./files.js";
import { processAlive, processStart } from "./process-alive.js";

/** Options of {@link FileLock}. */
export interface FileLockOptions {
  /** Driver name for errors. */
  readonly driver: string;
  /** How long {@link FileLock.acquire} waits for a live holder before `LOCK_TIMEOUT`, in ms. */
  readonly timeoutMs: number;
  /**
   * Age after which a lock whose holder cannot be checked (another host, unreadable content)
   * counts as abandoned, in ms.
   */
  readonly staleMs: number;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  /** Start time of the process (`/proc/<pid>/stat` field 22), to tell a reused pid. */
  readonly start: string | null;
  readonly token: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/**
 * A cross-process lock on one file: `<path>.lock`, created with O_EXCL and holding the owner's
 * pid, host and process start time. A lock whose holder is dead (no such pid, a zombie, or the
 * pid reused by a younger process) is taken over at once, so a kill -9 costs the next writer
 * one poll, not a staleness timeout; takeover goes through `<path>.lock.break` (also O_EXCL)
 * so two waiters never both remove a lock one of them has just taken. Locks of other hosts or
 * with unreadable content fall back to an age limit. Same-machine only: not for NFS.
 */
export class FileLock {
  readonly #path: string;
  readonly #breakPath: string;
  readonly #options: FileLockOptions;
  readonly #content: string;
  #held = false;

  /** @param path the lock file (the data file's path + `.lock`). */
  constructor(path: string, options: FileLockOptions) {
    this.#path = path;
    this.#breakPath = `${path}.break`;
    this.#options = options;
    const start = processStart(process.pid);
    const holder: Holder = {
      pid: process.pid,
      host: hostname(),
      start,
      token: randomBytes(8).toString("hex"),
    };
    this.#content = JSON.stringify(holder);
  }

  /** Takes the lock, waiting up to `timeoutMs` for a live holder; rejects with `LOCK_TIMEOUT`. */
  async acquire(): Promise<void> {
    const started = performance.now();
    for (let attempt = 0; !this.#tryAcquire(); attempt++) {
      if (performance.now() - started >= this.#options.timeoutMs) {
        throw new SessionStoreError(
          this.#options.driver,
          `gave up waiting ${this.#options.timeoutMs} ms for the file lock`,
          { code: "LOCK_TIMEOUT" },
        );
      }
      // Short polls first: the lock is usually held for one fsync.
      await sleep(Math.min(1 + attempt, 20) * (0.5 + Math.random()));
    }
  }

  /** Releases the lock (a no-op when not held). */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    try {
      unlinkSync(this.#path);
    } catch (error) {
      if (codeOf(error) !== "ENOENT") throw error;
    }
  }

  /** One attempt: creates the lock file, or removes an abandoned one for the next attempt. */
  #tryAcquire(): boolean {
    if (this.#create(this.#path)) {
      this.#held = true;
      return true;
    }
    const observed = this.#read(this.#path);
    if (observed !== null && this.#abandoned(this.#path, observed)) this.#break(observed);
    return false;
  }

  /** Removes the lock file only if it still holds `observed`, serialised by the break file. */
  #break(observed: string): void {
    if (!this.#create(this.#breakPath)) {
      // Another waiter is breaking: leave it, unless that waiter died while doing so.
      const breaker = this.#read(this.#breakPath);
      if (breaker !== null && this.#abandoned(this.#breakPath, breaker)) {
        this.#unlinkIf(this.#breakPath, breaker);
      }
      return;
    }
    try {
      this.#unlinkIf(this.#path, observed);
    } finally {
      unlinkSync(this.#breakPath);
    }
  }

  /**
   * Creates `path` holding our content, or returns `false` when it exists. The content is
   * written to a temp file first and linked into place (link fails if the name exists), so a
   * lock file is never seen empty, even when its writer is killed half-way.
   */
  #create(path: string): boolean {
    const temp = tempPathFor(path);
    writeFileSync(temp, this.#content, { flag: "wx", mode: 0o600 });
    try {
      linkSync(temp, path);
      return true;
    } catch (error) {
      // ENOENT: an opener removing leftover temp files took ours; the next attempt retries.
      if (codeOf(error) === "EEXIST" || codeOf(error) === "ENOENT") return false;
      throw error;
    } finally {
      try {
        unlinkSync(temp);
      } catch {
        // Removed by that opener already.
      }
    }
  }

  #unlinkIf(path: string, expected: string): void {
    if (this.#read(path) !== expected) return;
    try {
      unlinkSync(path);
    } catch (error) {
      if (codeOf(error) !== "ENOENT") throw error;
    }
  }

  #read(path: string): string | null {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      if (codeOf(error) === "ENOENT") return null;
      throw error;
    }
  }

  /** True when the holder recorded in `content` is certainly gone (or the file is too old). */
  #abandoned(path: string, content: string): boolean {
    let holder: Holder | null = null;
    try {
      holder = JSON.parse(content) as Holder;
    } catch {
      // Not ours (lock files appear with their content, see #create): the age limit decides.
    }
    if (holder && typeof holder.pid === "number" && holder.host === hostname()) {
      return !processAlive(holder.pid, holder.start);
    }
    try {
      return Date.now() - statSync(path).mtimeMs > this.#options.staleMs;
    } catch {
      return false;
    }
  }
}
