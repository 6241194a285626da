/**
 * `pnpm playground [options]` starts the web app; `pnpm playground cli <command>` runs the
 * command line instead (the same as the `sessions` bin).
 */

import { exitOnClosedPipe } from "./cli/io.js";
import { runCli } from "./cli/run.js";
import { runServer } from "./server/main.js";

const [first, ...rest] = process.argv.slice(2);
if (first === "cli") {
  exitOnClosedPipe();
  process.exitCode = await runCli(rest);
} else {
  const code = await runServer(process.argv.slice(2));
  if (code !== 0) process.exitCode = code;
}
