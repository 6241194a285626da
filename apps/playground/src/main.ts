/**
 * `pnpm playground [options]` starts the web app; `pnpm playground cli <command>` runs the
 * command line instead (the same as the `sessions` bin).
 */

import { runCli } from "./cli/run.js";
import { runServer } from "./server/main.js";

const [first, ...rest] = process.argv.slice(2);
if (first === "cli") {
  process.exitCode = await runCli(rest);
} else {
  const code = await runServer(process.argv.slice(2));
  if (code !== 0) process.exitCode = code;
}
