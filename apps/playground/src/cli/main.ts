#!/usr/bin/env node
/** The `sessions` bin. */

import { runCli } from "./run.js";

process.exitCode = await runCli(process.argv.slice(2));
