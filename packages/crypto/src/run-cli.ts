import { generateKey } from "./generate-key.js";

/** Where the CLI writes: `process.stdout`/`process.stderr` or anything with `write`. */
export interface CliOutput {
  write(text: string): unknown;
}

const USAGE = `usage: sessions-crypto keygen
  keygen   print a new 32-byte key (base64url) for createCipher({ keys })
Store keys in an environment variable or a secret manager, never in code.
`;

/**
 * Runs the `sessions-crypto` command with `args` (without `node` and the script); resolves
 * with the exit code: 0 on success, 2 on a usage error.
 */
export function runCli(args: readonly string[], out: CliOutput, err: CliOutput): number {
  const [command, ...rest] = args;
  if (command === "keygen" && rest.length === 0) {
    out.write(`${generateKey()}\n`);
    return 0;
  }
  if ((command === "help" || command === "--help" || command === "-h") && rest.length === 0) {
    out.write(USAGE);
    return 0;
  }
  err.write(USAGE);
  return 2;
}
