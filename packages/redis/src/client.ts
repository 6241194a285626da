import { SessionStoreError, type StoreErrorCode } from "@sessions/core";
import { createClient } from "redis";
import { Deadlines } from "./deadline.js";
import type { LuaScript } from "./lua.js";

/**
 * The part of a node-redis client (v5 or v6, `createClient()`) the driver uses. Typed
 * structurally so that `@sessions/core` never depends on `redis`.
 */
export interface RedisClientLike {
  /** Sends one raw command; resolves with the RESP reply, rejects with the server error. */
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
}

/** What the driver needs from a client it created itself (`{ url }`). */
interface OwnedClient extends RedisClientLike {
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  on(event: "error", listener: (error: unknown) => void): unknown;
}

const DRIVER = "redis";

// `timeout: 0` switches off node-redis 6's per-command AbortSignal.timeout (5 s by default,
// armed for every command, up to 4x pipelined throughput): the driver bounds calls itself.
const COMMAND_OPTIONS = { timeout: 0 } as const;

const UNAVAILABLE_ERRORS = new Set([
  "ClientOfflineError",
  "ClientClosedError",
  "SocketClosedUnexpectedlyError",
  "ConnectionTimeoutError",
  "ReconnectStrategyError",
  "DisconnectsClientError",
  "SocketTimeoutError",
]);
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

/**
 * Error replies of a server that is up but not serving for a while: replaying its data after a
 * restart (LOADING), stuck in a long script (BUSY), a replica without its primary
 * (MASTERDOWN), a cluster slot being moved (TRYAGAIN). Like a dead connection, they pass.
 */
const NOT_SERVING_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN)\b/;
/** Classes node-redis rejects a server's error reply with (RESP2 and RESP3). */
const REPLY_ERRORS = new Set(["ErrorReply", "SimpleError", "BlobError"]);

/** Maps whatever node-redis rejected with to a `SessionStoreError` (original kept as `cause`). */
export function toRedisError(operation: string, error: unknown): SessionStoreError {
  if (error instanceof SessionStoreError) return error;
  const name = error instanceof Error ? error.constructor.name : "";
  const code = (error as { code?: unknown } | null)?.code;
  let storeCode: StoreErrorCode = "STORE_FAILURE";
  let reason = "failed";
  if (UNAVAILABLE_ERRORS.has(name) || (typeof code === "string" && UNAVAILABLE_CODES.has(code))) {
    storeCode = "UNAVAILABLE";
    reason = "the server is unreachable";
  } else if (REPLY_ERRORS.has(name) && NOT_SERVING_REPLY.test((error as Error).message)) {
    storeCode = "UNAVAILABLE";
    reason = "the server is not serving now (loading, busy or failing over)";
  } else if (name === "TimeoutError" || name === "AbortError") {
    storeCode = "TIMEOUT";
  }
  return new SessionStoreError(DRIVER, `${operation}: ${reason}`, {
    code: storeCode,
    cause: error,
  });
}

/** Options of {@link RedisConnection}. */
export interface ConnectionOptions {
  /** A client the driver uses but never closes. */
  readonly client?: RedisClientLike;
  /** Or a URL: the driver creates, connects and closes its own client. */
  readonly url?: string;
  /** Deadline of one driver call, ms. */
  readonly timeoutMs: number;
}

/**
 * One client plus what every call needs: the call deadline, EVALSHA with reload on NOSCRIPT,
 * error mapping, and `CLOSED` after close.
 */
export class RedisConnection {
  readonly #client: RedisClientLike;
  readonly #owned: OwnedClient | undefined;
  readonly #deadlines: Deadlines;
  readonly #timeoutMs: number;
  #connecting: Promise<unknown> | undefined;
  #connectError: unknown;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: ConnectionOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#deadlines = new Deadlines(options.timeoutMs);
    if (options.client !== undefined) {
      this.#client = options.client;
      return;
    }
    const owned = createClient({
      url: options.url,
      // Fail fast while disconnected instead of queueing writes that might run much later.
      disableOfflineQueue: true,
      commandOptions: COMMAND_OPTIONS,
      socket: { connectTimeout: options.timeoutMs },
    }) as unknown as OwnedClient;
    // node-redis emits `error` on every failed (re)connect; without a listener that would be
    // an unhandled error event. Until the first connect succeeds, calls wait for it, and
    // fail fast (UNAVAILABLE, with the connect error as cause) once an attempt has failed.
    let gate = openGate();
    owned.on("error", (error) => {
      if (this.#connecting === undefined) return;
      this.#connectError = error;
      const failed = gate;
      gate = openGate();
      this.#connecting = gate.promise;
      failed.reject(error);
    });
    this.#owned = owned;
    this.#client = owned;
    this.#connecting = gate.promise;
    owned.connect().then(
      () => {
        this.#connecting = undefined;
        this.#connectError = undefined;
        gate.resolve();
      },
      (error: unknown) => {
        this.#connectError = error;
        gate.reject(error);
      },
    );
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Runs one command under the call deadline; `map` turns the reply into the result. */
  command<T>(operation: string, args: string[], map: (reply: unknown) => T): Promise<T> {
    return this.#run(operation, args, map, undefined);
  }

  /** Runs a Lua script by SHA under the call deadline (SCRIPT LOAD and retry on NOSCRIPT). */
  script<T>(
    lua: LuaScript,
    keys: readonly string[],
    args: readonly string[],
    map: (reply: unknown) => T,
  ): Promise<T> {
    return this.#run(
      lua.name,
      ["EVALSHA", lua.sha, String(keys.length), ...keys, ...args],
      map,
      lua,
    );
  }

  #run<T>(
    operation: string,
    args: string[],
    map: (reply: unknown) => T,
    lua: LuaScript | undefined,
  ): Promise<T> {
    if (this.#closed) return Promise.reject(closedError());
    const client = this.#client;
    return new Promise<T>((resolve, reject) => {
      const entry = this.#deadlines.add(() =>
        reject(
          new SessionStoreError(DRIVER, `${operation}: no reply within ${this.#timeoutMs} ms`, {
            code: "TIMEOUT",
          }),
        ),
      );
      let reloaded = false;
      const ok = (reply: unknown): void => {
        if (!entry.settle()) return;
        try {
          resolve(map(reply));
        } catch (error) {
          reject(toRedisError(operation, error));
        }
      };
      const fail = (error: unknown): void => {
        if (lua !== undefined && !reloaded && isNoScript(error) && !entry.done) {
          // The server lost its script cache (restart, SCRIPT FLUSH): load it, then retry once.
          reloaded = true;
          send(["SCRIPT", "LOAD", lua.body])
            .then(() => send(args))
            .then(ok, fail);
          return;
        }
        if (!entry.settle()) return;
        reject(this.#closed ? closedError() : toRedisError(operation, error));
      };
      const send = (command: string[]): Promise<unknown> => {
        try {
          const connecting = this.#connecting;
          if (connecting !== undefined) {
            if (this.#connectError !== undefined) return Promise.reject(this.#connectError);
            return connecting.then(() => client.sendCommand(command, COMMAND_OPTIONS));
          }
          return client.sendCommand(command, COMMAND_OPTIONS);
        } catch (error) {
          return Promise.reject(error);
        }
      };
      send(args).then(ok, fail);
    });
  }

  /** Marks the connection closed; closes the client only when the driver created it. */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#closeOwned();
    return this.#closing;
  }

  async #closeOwned(): Promise<void> {
    const owned = this.#owned;
    if (owned === undefined) return;
    // A graceful close waits for pending replies, which never come while the server is
    // down: bound it, then drop the socket.
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.min(this.#timeoutMs, 1_000));
    });
    try {
      await Promise.race([owned.close().then(undefined, () => {}), bounded]);
    } finally {
      clearTimeout(timer);
      try {
        owned.destroy();
      } catch {
        // Already closed: nothing left to release.
      }
    }
  }
}

interface Gate {
  readonly promise: Promise<unknown>;
  resolve(): void;
  reject(error: unknown): void;
}

/** A promise settled from outside; its rejection is marked handled (nobody may be waiting). */
function openGate(): Gate {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

function closedError(): SessionStoreError {
  return new SessionStoreError(DRIVER, "driver is closed", { code: "CLOSED" });
}
