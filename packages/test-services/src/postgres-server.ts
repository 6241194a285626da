import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { findPostgresBinDir, INSTALL_COMMAND } from "./binaries.js";
import { findFreePort, startOnFreePort } from "./free-port.js";
import {
  logTail,
  type ManagedProcess,
  spawnManaged,
  stopManaged,
  trackOwnedDir,
  waitForExit,
} from "./process.js";
import { waitUntilReady } from "./wait.js";

/** Options of {@link startPostgres}; all optional. */
export interface PostgresServerOptions {
  /** Port on 127.0.0.1; defaults to a free port. */
  port?: number;
  /**
   * Cluster root holding `data/` (a previous server's `dir`) to start again; defaults to a fresh
   * temp dir that `stop()` removes. A directory passed in is left in place; `initdb` runs only
   * when it has no cluster yet.
   */
  dir?: string;
  /** Keep `fsync` on; defaults to `false` (`fsync=off`, faster, safe while the OS stays up). */
  durable?: boolean;
  /** Extra server settings, passed as `-c name=value`. */
  settings?: Readonly<Record<string, string | number | boolean>>;
  /** How long to wait for `select 1` to succeed after each start; defaults to 30 000 ms. */
  startTimeoutMs?: number;
}

/** A running PostgreSQL cluster on 127.0.0.1, returned by {@link startPostgres}. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, superuser `postgres`). */
  readonly url: string;
  /** TCP port; stays the same across `stopImmediate()` / `start()`. */
  readonly port: number;
  /** Pid of the current postmaster, or of the last one once it has stopped. */
  readonly pid: number;
  /** Cluster root: `data/`, `sockets/` and `postgres.log`. */
  readonly dir: string;
  /** The data directory (`-D`). */
  readonly dataDir: string;
  /** File receiving the server's output. */
  readonly logFile: string;
  /** `true` while the postmaster runs. */
  readonly running: boolean;
  /** Starts the postmaster again on the same port and data dir; no-op while running. */
  start(): Promise<void>;
  /**
   * Immediate shutdown, like `pg_ctl stop -m immediate` (SIGQUIT to the postmaster pid): no
   * checkpoint, so the next `start()` runs crash recovery. Keeps the data dir.
   */
  stopImmediate(): Promise<void>;
  /** Stops (`"fast"`, the default, or `"immediate"`) and starts again. */
  restart(mode?: "fast" | "immediate"): Promise<void>;
  /**
   * Fast shutdown, like `pg_ctl stop -m fast` (SIGINT to the postmaster pid), SIGKILL after
   * 10 s, then removes an owned temp dir. Calling it twice is harmless.
   */
  stop(): Promise<void>;
  /** Last `lines` (default 30) lines of the server's log. */
  logTail(lines?: number): string;
}

interface OsUser {
  uid: number;
  gid: number;
}

// PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user instead.
// Spawning with uid/gid directly (rather than through runuser) makes our child the postmaster
// itself, so its pid is the one to signal.
function serverUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string): number =>
      Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: "pipe" }).trim());
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    throw new Error(
      "[test-services] PostgreSQL refuses to run as root and there is no `postgres` OS user " +
        `to run it as. \`${INSTALL_COMMAND}\` creates it.`,
    );
  }
}

async function initCluster(binDir: string, dataDir: string, cwd: string, user?: OsUser) {
  const logFile = join(cwd, "initdb.log");
  const args = ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"];
  const proc = await spawnManaged(join(binDir, "initdb"), [...args, "--no-sync"], {
    logFile,
    cwd,
    ...user,
  });
  const { code, signal } = await waitForExit(proc, 120_000);
  if (code !== 0) {
    throw new Error(
      `[test-services] initdb failed (code ${code}, signal ${signal}). Log tail (${logFile}):\n` +
        logTail(logFile),
    );
  }
}

async function selectOne(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
  } finally {
    await sql.end({ timeout: 0 });
  }
}

function serverArgs(
  port: number,
  dataDir: string,
  socketDir: string,
  options: PostgresServerOptions,
) {
  const settings: Record<string, string | number | boolean> = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: socketDir,
    ...(options.durable ? {} : { fsync: "off" }),
    ...options.settings,
  };
  const flags = Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
  return ["-D", dataDir, "-p", String(port), ...flags];
}

/**
 * Creates a PostgreSQL cluster with `initdb` in a fresh temp dir (trust auth, superuser
 * `postgres`, UTF8) and starts `postgres` on 127.0.0.1 and a free port, its unix socket inside
 * the temp dir; resolves once `select 1` succeeds. As root it runs as the `postgres` OS user.
 *
 * @throws Error with the server's log tail when it exits or does not answer in time, or
 *   naming the apt-get command when the server binaries are not installed.
 */
export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const binDir = findPostgresBinDir();
  const user = serverUser();
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "sessions-pg-"));
  const dataDir = join(dir, "data");
  const socketDir = join(dir, "sockets");
  const logFile = join(dir, "postgres.log");
  if (ownsDir) trackOwnedDir(dir, true);
  let port = options.port ?? (await findFreePort());
  let proc: ManagedProcess | undefined;
  let removed = false;
  const url = (): string => `postgres://postgres@127.0.0.1:${port}/postgres`;

  const halt = async (signal: NodeJS.Signals, graceMs: number): Promise<void> => {
    if (proc) await stopManaged(proc, signal, graceMs);
  };
  const start = async (): Promise<void> => {
    if (removed) throw new Error(`[test-services] postgres in ${dir} was stopped for good`);
    if (proc && !proc.hasExited()) return;
    try {
      proc = await spawnManaged(
        join(binDir, "postgres"),
        serverArgs(port, dataDir, socketDir, options),
        {
          logFile,
          cwd: dir,
          exitSignal: "SIGQUIT",
          ...user,
        },
      );
      await waitUntilReady(() => selectOne(url()), {
        what: `postgres on 127.0.0.1:${port}`,
        proc,
        timeoutMs: options.startTimeoutMs ?? 30_000,
      });
    } catch (error) {
      await halt("SIGQUIT", 5_000);
      throw error;
    }
  };
  const stop = async (): Promise<void> => {
    await halt("SIGINT", 10_000);
    if (ownsDir && !removed) {
      rmSync(dir, { recursive: true, force: true });
      trackOwnedDir(dir, false);
    }
    removed = true;
  };

  try {
    mkdirSync(socketDir, { recursive: true });
    if (user) {
      chownSync(dir, user.uid, user.gid);
      chownSync(socketDir, user.uid, user.gid);
    }
    if (!existsSync(join(dataDir, "PG_VERSION"))) await initCluster(binDir, dataDir, dir, user);
    await startOnFreePort(
      start,
      { requested: options.port, log: () => logTail(logFile) },
      (next) => {
        port = next;
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    get url() {
      return url();
    },
    get port() {
      return port;
    },
    get pid() {
      return proc!.pid;
    },
    dir,
    dataDir,
    logFile,
    get running() {
      return proc !== undefined && !proc.hasExited();
    },
    start,
    stopImmediate: () => halt("SIGQUIT", 5_000),
    restart: async (mode = "fast") => {
      await (mode === "fast" ? halt("SIGINT", 10_000) : halt("SIGQUIT", 5_000));
      await start();
    },
    stop,
    logTail: (lines) => logTail(logFile, lines),
  };
}
