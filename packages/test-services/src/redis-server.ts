import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRedisServer } from "./binaries.js";
import { findFreePort, startOnFreePort } from "./free-port.js";
import {
  logTail,
  type ManagedProcess,
  spawnManaged,
  stopManaged,
  trackOwnedDir,
} from "./process.js";
import { waitUntilReady } from "./wait.js";

/** Options of {@link startRedis}; all optional. */
export interface RedisServerOptions {
  /**
   * Port on 127.0.0.1; defaults to a free port. Pass a previous server's `port` and `dir` to
   * start a new process on the same port and data.
   */
  port?: number;
  /**
   * Data directory; defaults to a fresh temp dir that `stop()` removes. A directory passed in
   * is left in place.
   */
  dir?: string;
  /** Persist with the append-only file; defaults to `false` (`--save "" --appendonly no`). */
  appendonly?: boolean;
  /** fsync policy of the append-only file; defaults to `"always"` (ignored without `appendonly`). */
  appendfsync?: "always" | "everysec" | "no";
  /** Extra `redis-server` arguments, e.g. `["--maxmemory", "8mb"]`. */
  args?: readonly string[];
  /** How long to wait for `PING` to answer `+PONG`; defaults to 15 000 ms. */
  startTimeoutMs?: number;
}

/** A running `redis-server` on 127.0.0.1, returned by {@link startRedis}. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** TCP port; stays the same across `kill()` / `start()`. */
  readonly port: number;
  /** Pid of the current process, or of the last one once it has stopped. */
  readonly pid: number;
  /** Data directory (`--dir`), also holding `redis.log`. */
  readonly dir: string;
  /** File receiving the server's output. */
  readonly logFile: string;
  /** `true` while the process runs. */
  readonly running: boolean;
  /** Starts a new process on the same port, dir and options; no-op while running. */
  start(): Promise<void>;
  /** Ends the process by pid, keeping the data dir (fault tests); `signal` defaults to `"SIGKILL"`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** `kill(signal)` then `start()`; `signal` defaults to `"SIGTERM"` (clean shutdown). */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** SIGTERM, SIGKILL after 5 s, then removes an owned temp dir. Calling it twice is harmless. */
  stop(): Promise<void>;
  /** Last `lines` (default 30) lines of the server's log. */
  logTail(lines?: number): string;
}

/** Sends a raw `PING` and resolves on `+PONG` (a loading server answers `-LOADING`). */
function ping(port: number, timeoutMs = 1_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error("PING timed out")));
    socket.once("error", fail);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (!reply.includes("\r\n")) return;
      socket.destroy();
      if (reply.startsWith("+PONG")) resolve();
      else reject(new Error(`PING answered ${JSON.stringify(reply.trim())}`));
    });
  });
}

function serverArgs(port: number, dir: string, options: RedisServerOptions): string[] {
  const persistence = options.appendonly
    ? ["--appendonly", "yes", "--appendfsync", options.appendfsync ?? "always"]
    : ["--appendonly", "no"];
  return [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
    ...["--daemonize", "no", "--save", "", ...persistence],
    ...(options.args ?? []),
  ];
}

/**
 * Starts `redis-server` on 127.0.0.1 and a free port with its data in a fresh temp dir, and
 * resolves once it answers `PING`. Without options it persists nothing.
 *
 * @throws Error with the server's log tail when it exits or does not answer in time, or
 *   naming the apt-get command when `redis-server` is not installed.
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findRedisServer();
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "sessions-redis-"));
  const logFile = join(dir, "redis.log");
  if (ownsDir) trackOwnedDir(dir, true);
  let port = options.port ?? (await findFreePort());
  let proc: ManagedProcess | undefined;
  let removed = false;

  const launch = async (): Promise<void> => {
    proc = await spawnManaged(binary, serverArgs(port, dir, options), { logFile, cwd: dir });
    await waitUntilReady(() => ping(port), {
      what: `redis-server on 127.0.0.1:${port}`,
      proc,
      timeoutMs: options.startTimeoutMs ?? 15_000,
    });
  };
  const kill = async (signal: NodeJS.Signals = "SIGKILL"): Promise<void> => {
    if (proc) await stopManaged(proc, signal, 5_000);
  };
  const start = async (): Promise<void> => {
    if (removed) throw new Error(`[test-services] redis-server in ${dir} was stopped for good`);
    if (proc && !proc.hasExited()) return;
    try {
      await launch();
    } catch (error) {
      await kill();
      throw error;
    }
  };
  const stop = async (): Promise<void> => {
    await kill("SIGTERM");
    if (ownsDir && !removed) {
      rmSync(dir, { recursive: true, force: true });
      trackOwnedDir(dir, false);
    }
    removed = true;
  };

  try {
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
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get pid() {
      return proc!.pid;
    },
    dir,
    logFile,
    get running() {
      return proc !== undefined && !proc.hasExited();
    },
    start,
    kill,
    restart: async (signal = "SIGTERM") => {
      await kill(signal);
      await start();
    },
    stop,
    logTail: (lines) => logTail(logFile, lines),
  };
}
