/** `pnpm playground [options]`: starts the web app and prints its URL. */

import { describeSpec } from "../drivers/registry.js";
import { UsageError } from "../usage-error.js";
import { parseServerOptions, SERVER_USAGE } from "./options.js";
import { startPlayground } from "./start.js";

/** Runs the server until SIGINT/SIGTERM; resolves the exit code of a failed start. */
export async function runServer(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(SERVER_USAGE);
    return 0;
  }
  try {
    const options = parseServerOptions(argv);
    const playground = await startPlayground(options);
    console.log(`sessions playground on ${describeSpec(options.driver)}`);
    console.log(
      `open ${playground.url}  (Ctrl+C stops it; pnpm playground --help lists the options)`,
    );
    const stop = () => {
      void playground.close().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return 0;
  } catch (error) {
    console.error(`playground: ${startFailure(error)}`);
    return 1;
  }
}

function startFailure(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return "that port is in use: set PORT or --port to another one";
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
