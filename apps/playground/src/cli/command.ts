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

/**
 * Parses a command's options strictly (an unknown option is a {@link UsageError}).
 *
 * `literal` matches arguments that are always values, never options, even when they begin
 * with `-`: a session handle is base64url, so one in 64 starts with `-`, and `parseArgs`
 * alone would read it as an unknown option.
 */
export function parseCommandArgs<const O extends Options>(
  args: readonly string[],
  options: O,
  positionals: { min: number; max: number } = { min: 0, max: 0 },
  literal?: RegExp,
): { values: OptionValues<O>; positionals: string[] } {
  // Literals go through parseArgs as placeholders no option can look like, then come back.
  const literals = new Map<string, string>();
  const shielded = args.map((arg) => {
    if (!literal || !arg.startsWith("-") || !literal.test(arg)) return arg;
    const placeholder = `\u0000${literals.size}`;
    literals.set(placeholder, arg);
    return placeholder;
  });
  const restore = (value: unknown) =>
    typeof value === "string" ? (literals.get(value) ?? value) : value;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: shielded, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]!);
  }
  const found = parsed.positionals.map((value) => restore(value) as string);
  const values = Object.fromEntries(
    Object.entries(parsed.values).map(([name, value]) => [name, restore(value)]),
  );
  if (found.length < positionals.min) throw new UsageError("missing argument (see --help)");
  if (found.length > positionals.max)
    throw new UsageError(`unexpected argument "${found[positionals.max]}"`);
  return { values: values as OptionValues<O>, positionals: found };
}

/** A required string option, or a {@link UsageError} naming it. */
export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === "") throw new UsageError(`missing --${name} <driver spec>`);
  return value;
}
