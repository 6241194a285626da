/**
 * SQLite driver benchmark: `@sessions/sqlite` through the session manager against raw
 * better-sqlite3 prepared statements doing the same work, better-sqlite3-session-store 0.1 and
 * Keyv 5 (@keyv/sqlite 4), five phases, sequential and 64 in flight; then `getByOwner` among
 * 100,000 sessions and one cleanup() of 20,000 expired sessions. Every subject gets a fresh file per measurement (WAL, synchronous=NORMAL).
 * Prints the tables with PASS/MISS and writes `results/sqlite-<timestamp>.json`.
 */
import type { SessionDriver } from "@sessions/core";
import { sqliteDriver } from "@sessions/sqlite";
import Database from "better-sqlite3";
import { runBench } from "../../bench.js";
import { measureCleanup } from "../../cleanup.js";
import { parseArgs } from "../../config.js";
import { report } from "../../driver-verdicts.js";
import { measureOwnerLookup, OWNER_SESSIONS } from "../../owner-lookup.js";
import { buildPayloads } from "../../payload.js";
import { printRunHeader } from "../../run-header.js";
import {
  betterSqliteStoreSubject,
  freshFile,
  rawSubject,
  sessionsSubjects,
  sqliteKeyvSubject,
} from "./subjects.js";

// `pnpm bench:driver sqlite --rounds 1` passes the driver name first: keep only the flags.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "sqlite"));
const parsed = parseArgs(argv);
// Three rounds by default, so each verdict is a median of three (about four minutes; keyv
// alone takes ~1 min a round).
const config = { ...parsed, rounds: argv.includes("--rounds") ? parsed.rounds : 3 };

const startedAt = new Date();
const payloads = buildPayloads();
const subjects = [
  ...sessionsSubjects(),
  rawSubject(),
  betterSqliteStoreSubject(),
  sqliteKeyvSubject(),
];
const version = (
  new Database(":memory:").prepare("SELECT sqlite_version() AS v").get() as { v: string }
).v;
printRunHeader(
  `SQLite ${version} (better-sqlite3 12), one file per measurement in the OS temp dir, WAL, synchronous=NORMAL`,
  config,
  payloads,
  subjects,
);

const cells = await runBench(config, subjects, payloads, (line) => console.error(line));
const owners = await onFreshFile("owners", async (driver) => ({
  sessions: OWNER_SESSIONS,
  ...(await measureOwnerLookup(driver, payloads)),
}));
const cleanup = await onFreshFile("cleanup", (driver) => measureCleanup(driver, payloads));
await report({
  driver: "sqlite",
  rawName: "better-sqlite3",
  peers: ["bs3-session-store", "keyv"],
  cells,
  owners,
  cleanup,
  config,
  payloadBytes: payloads.bytes,
  subjects,
  startedAt,
  extra: { sqliteVersion: version },
});

/** Runs `measure` on a driver over a file of its own, removed afterwards. */
async function onFreshFile<T>(name: string, measure: (driver: SessionDriver) => Promise<T>) {
  const file = freshFile(name);
  try {
    return await measure(sqliteDriver({ database: file.path }));
  } finally {
    file.remove();
  }
}
