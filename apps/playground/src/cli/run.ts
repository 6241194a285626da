/** The command line: `sessions <command>` / `pnpm playground cli <command>`. */

import { SessionError } from "@sessions/core";
import { UsageError } from "../usage-error.js";
import type { Command } from "./command.js";
import { cleanupCommand } from "./commands/cleanup.js";
import { exportCommand } from "./commands/export.js";
import { importCommand } from "./commands/import.js";
import { listCommand } from "./commands/list.js";
import { migrateCommand } from "./commands/migrate.js";
import { showCommand } from "./commands/show.js";
import { statsCommand } from "./commands/stats.js";
import { type CliIo, processIo } from "./io.js";
import { STORE_OPTIONS_HELP } from "./store.js";

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  listCommand,
  showCommand,
  statsCommand,
  cleanupCommand,
  exportCommand,
  importCommand,
  migrateCommand,
];

/** Exit code of bad input (unknown driver, unreadable file, bad URL, unknown option). */
export const EXIT_USAGE = 2;
/** Exit code of a failure while running (store error, conflict). */
export const EXIT_FAILURE = 1;

/** The text of `--help`. */
export function cliUsage(): string {
  const specs =
    "driver specs: memory | sqlite[:file] | json[:file] | csv[:file] | postgres:URL | redis:URL | mongo:URL\n" +
    "  (a bare postgres://, redis:// or mongodb:// URL works too; without a URL the SESSIONS_<NAME>_URL variable is used)";
  const commands = COMMANDS.map((command) => `  ${command.usage}`).join("\n");
  return `usage: sessions <command> [options]\n${commands}\n${STORE_OPTIONS_HELP}\n${specs}`;
}

/**
 * Runs one command and resolves its exit code. Every failure ends in one line on stderr,
 * `sessions: <reason>`, never a stack trace.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(cliUsage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(
      `sessions: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(", ")}`,
    );
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`usage: sessions ${command.usage}`);
    return 0;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`sessions ${name}: ${error.message}`);
      return EXIT_USAGE;
    }
    // Core's messages never carry tokens, passwords or data; a store error names its driver.
    const message =
      error instanceof SessionError
        ? `${error.code}: ${error.message}`
        : String((error as Error).message ?? error);
    io.err(`sessions ${name}: ${message.split("\n")[0]}`);
    return EXIT_FAILURE;
  }
}
