#!/usr/bin/env node
/** The `sessions` bin. */

import { exitOnClosedPipe } from "./io.js";
import { runCli } from "./run.js";

exitOnClosedPipe();
process.exitCode = await runCli(process.argv.slice(2));
