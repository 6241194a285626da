/**
 * Session managers in separate `node` processes (plain node on the built packages: no
 * TypeScript loader to pay for at spawn), driven request by request from a test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { SessionEvent, SessionManagerOptions } from "@sessions/core";
import type { DriverSpec } from "./open-driver.mjs";
import { registerArguments, registerResult } from "./secret-arguments.js";
import { captureEvent, captureText } from "./sink.js";

const WORKER = fileURLToPath(new URL("./workers/session-worker.mjs", import.meta.url));
const START_TIMEOUT_MS = 15_000;
const CALL_TIMEOUT_MS = 15_000;

/** Manager options a worker can receive (JSON: no driver, clock, functions or cipher). */
export type WorkerManagerOptions = Omit<
  SessionManagerOptions<unknown>,
  "driver" | "clock" | "onEvent" | "cipher" | "idFactory" | "validate"
>;

/** What a worker process runs. */
export interface WorkerConfig {
  readonly spec: DriverSpec;
  readonly options: WorkerManagerOptions;
  /** This process's clock skew, added to every request's time. */
  readonly clockOffsetMs?: number;
}

/** The answer to one request. */
export interface WorkerReply {
  readonly ok: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the worker, checked by each test.
  readonly value?: any;
  readonly error?: {
    readonly name: string;
    readonly code: string;
    readonly message: string;
    readonly retryAfterMs?: number;
    readonly text: string;
  };
  /** Driver calls this request made (a bound on work: no busy loop). */
  readonly driverCalls: number;
}

/** One worker process. */
export class SessionWorker {
  /** Every event the worker's manager emitted, in order. */
  readonly events: SessionEvent[] = [];
  readonly #child: ChildProcess;
  readonly #label: string;
  readonly #waiting = new Map<number, (reply: WorkerReply) => void>();
  readonly #exited: Promise<number | null>;
  #next = 0;

  private constructor(label: string, child: ChildProcess, ready: () => void) {
    this.#label = label;
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (text: string) => captureText(`${label} stderr`, text));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const message = JSON.parse(line);
      if (message.ready) ready();
      else if (message.event) {
        captureEvent(label, message.event);
        this.events.push(message.event);
      } else this.#answer(message);
    });
  }

  /** Spawns a worker and waits until its driver is open. */
  static async start(label: string, config: WorkerConfig): Promise<SessionWorker> {
    const argument = JSON.stringify({ clockOffsetMs: 0, ...config });
    const child = spawn(process.execPath, [WORKER, argument], { stdio: ["pipe", "pipe", "pipe"] });
    let worker: SessionWorker | undefined;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label} did not start`)), START_TIMEOUT_MS);
      worker = new SessionWorker(label, child, () => {
        clearTimeout(timer);
        resolve();
      });
      child.once("exit", (code) => reject(new Error(`${label} exited early (${code})`)));
    });
    return worker!;
  }

  /** Calls `manager[method](...args)` in the worker with its clock at `at` (+ its skew). */
  call(method: string, args: unknown[], at: number): Promise<WorkerReply> {
    const id = this.#next++;
    registerArguments(method, args);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.#label}.${method} got no answer`)),
        CALL_TIMEOUT_MS,
      );
      this.#waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.#child.stdin!.write(`${JSON.stringify({ id, at, method, args })}\n`);
    });
  }

  /** Ends stdin (the worker closes its manager and exits); resolves with the exit code. */
  async close(): Promise<number | null> {
    this.#child.stdin!.end();
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), 10_000);
    const code = await this.#exited;
    clearTimeout(timer);
    return code;
  }

  #answer(reply: WorkerReply & { id: number }): void {
    if (reply.ok) registerResult(reply.value);
    if (reply.error) captureText(`${this.#label} error`, reply.error.text);
    this.#waiting.get(reply.id)?.(reply);
    this.#waiting.delete(reply.id);
  }
}

/** Starts `count` workers on one config (in parallel) and returns them in order. */
export function startWorkers(
  label: string,
  count: number,
  config: WorkerConfig,
): Promise<SessionWorker[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) => SessionWorker.start(`${label} #${index}`, config)),
  );
}

/** Closes every worker; each must exit cleanly (code 0). */
export async function closeWorkers(workers: readonly SessionWorker[]): Promise<(number | null)[]> {
  return Promise.all(workers.map((worker) => worker.close()));
}
