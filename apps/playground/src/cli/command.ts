/** The shape of a command, and argument parsing shared by all of them. */

import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "../usage-error.js";
import type { CliIo } from "./io.js";

/** One `sessions <name>` command. */
export interface Command {
  /** What the user types. */
  readonly name: string;
  /** Its usage line(s) for `--help`. */
  readonly usage: string;
  /** Runs it; throws {@link UsageError} for bad input, anything else for a failure. */
  run(args: readonly string[], io: CliIo): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed option values: strings, or booleans for flags. */
export type OptionValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: "boolean" } ? boolean : string;
};

/** Parses a command's options strictly (an unknown option is a {@link UsageError}). */
export function parseCommandArgs<const O extends Options>(
  args: readonly string[],
  options: O,
  positionals: { min: number; max: number } = { min: 0, max: 0 },
): { values: OptionValues<O>; positionals: string[] } {
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]!);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError("missing argument (see --help)");
  if (count > positionals.max)
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  return { values: parsed.values as OptionValues<O>, positionals: parsed.positionals };
}

/** A required string option, or a {@link UsageError} naming it. */
export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === "") throw new UsageError(`missing --${name} <driver spec>`);
  return value;
}
