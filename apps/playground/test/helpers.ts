/** Shared test set-up: a temp folder, a test key, and a playground on a free port. */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKey } from "@sessions/crypto";
import type { CliIo } from "../src/cli/io.js";
import { parseServerOptions } from "../src/server/options.js";
import { type RunningPlayground, startPlayground } from "../src/server/start.js";

// Tests never read or create the developer's key file under apps/playground/data.
process.env.SESSIONS_PLAYGROUND_KEY ??= generateKey();

/** A fresh temp folder and its removal. */
export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "playground-test-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Starts a playground with start options (port 0: a free one). */
export function startWith(...argv: string[]): Promise<RunningPlayground> {
  return startPlayground(parseServerOptions(["--port", "0", ...argv]));
}

/** A {@link CliIo} that records what a command wrote. */
export function captureIo(): CliIo & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    redraw: (text) => stderr.push(text),
    interactive: false,
  };
}
