#!/usr/bin/env node
// The `sessions-crypto` binary (`npx @sessions/crypto keygen`): all logic lives in run-cli.ts.
import { runCli } from "./run-cli.js";

process.exitCode = runCli(process.argv.slice(2), process.stdout, process.stderr);
