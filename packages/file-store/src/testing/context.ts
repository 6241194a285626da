import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FileCodec } from "../codec.js";
import type { FileDriver } from "../file-driver.js";
import type { WorkerConfig } from "./worker.js";

/** Options of {@link runFileDriverFaults}. */
export interface FileDriverFaultsOptions {
  /** Names the suite in the report (`<name> file faults`). */
  readonly name: string;
  /**
   * URL of the BUILT driver module, e.g. `new URL("../dist/index.js", import.meta.url).href`:
   * child processes import it like an application would (plain `node`, no TypeScript loader,
   * so a hundred of them start fast).
   */
  readonly module: string;
  /** Name of the factory export of `module`, called with `{ path, ...fileOptions }`. */
  readonly factory: string;
  /** The driver's codec, to write files for the corrupt-file checks. */
  readonly codec: FileCodec;
  /** Format-specific broken documents that must fail closed (besides the generic ones). */
  readonly corruptDocuments?: readonly { readonly label: string; readonly text: string }[];
  /** kill -9 iterations (default 100). */
  readonly killIterations?: number;
}

/** A started child: its process, what it printed so far, and its exit. */
export interface Child {
  readonly process: ChildProcess;
  readonly lines: () => string[];
  readonly exit: Promise<number | null>;
}

/** What every group of the fault suite shares. */
export interface FaultContext {
  readonly options: FileDriverFaultsOptions;
  /** A fresh file path in the suite's temp directory (a new subdirectory each call). */
  path(label: string): string;
  /** A driver of the module under test, in this process. */
  open(path: string, fileOptions?: Record<string, unknown>): Promise<FileDriver>;
  /** Starts a worker; `ulimitKb` runs it under `ulimit -f` (a file size limit, as a full disk). */
  start(config: Omit<WorkerConfig, "module" | "factory">, ulimitKb?: number): Child;
  /** Removes the temp directory. */
  remove(): void;
}

const worker = fileURLToPath(new URL("./worker.js", import.meta.url));

/** Builds the shared context: one temp directory, the module loaded once. */
export function faultContext(options: FileDriverFaultsOptions): FaultContext {
  const root = mkdtempSync(join(tmpdir(), `sessions-${options.name}-faults-`));
  let counter = 0;
  let factory: ((options: unknown) => FileDriver) | undefined;
  return {
    options,
    path(label) {
      const dir = mkdtempSync(join(root, `${label}-${counter++}-`));
      return join(dir, `sessions.${options.name}`);
    },
    async open(path, fileOptions = {}) {
      if (!factory) {
        const module = (await import(options.module)) as Record<string, (o: unknown) => FileDriver>;
        factory = module[options.factory];
        if (typeof factory !== "function") {
          throw new Error(`${options.module} has no export ${options.factory}: build it first`);
        }
      }
      return factory({ path, ...fileOptions });
    },
    start(config, ulimitKb) {
      const args = [
        worker,
        JSON.stringify({ ...config, module: options.module, factory: options.factory }),
      ];
      const child =
        ulimitKb === undefined
          ? spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] })
          : spawn(
              "bash",
              ["-c", `ulimit -f ${ulimitKb}; exec "$0" "$@"`, process.execPath, ...args],
              {
                stdio: ["ignore", "pipe", "pipe"],
              },
            );
      let out = "";
      let err = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr!.on("data", (chunk: Buffer) => {
        err += chunk.toString();
      });
      const exit = new Promise<number | null>((resolve) =>
        child.on("exit", (code) => {
          if (code !== 0 && code !== null) console.error(err);
          resolve(code);
        }),
      );
      // Only complete lines were printed after an acknowledgement; a line cut by a kill is not.
      return { process: child, lines: () => out.split("\n").slice(0, -1), exit };
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
