/**
 * PostgreSQL driver benchmark: `@sessions/postgres` through the session manager against raw
 * postgres.js prepared statements doing the same work, connect-pg-simple 10 and Keyv 5
 * (@keyv/postgres 2), five phases, sequential and 64 in flight; then `getByOwner` among
 * 100,000 sessions and one cleanup() of 20,000 expired sessions. Starts its own PostgreSQL (fsync off: the test-services default, the same
 * for every subject, so writes measure the libraries rather than the disk), prints the tables
 * with PASS/MISS and writes `results/postgres-<timestamp>.json`.
 */
import type { SessionDriver } from "@sessions/core";
import { postgresDriver } from "@sessions/postgres";
import { startPostgres } from "@sessions/test-services";
import postgres from "postgres";
import { runBench } from "../../bench.js";
import { measureCleanup } from "../../cleanup.js";
import { parseArgs } from "../../config.js";
import { report } from "../../driver-verdicts.js";
import { measureOwnerLookup, OWNER_SESSIONS } from "../../owner-lookup.js";
import { buildPayloads } from "../../payload.js";
import { printRunHeader } from "../../run-header.js";
import {
  type Admin,
  connectPgSimpleSubject,
  postgresKeyvSubject,
  rawSubject,
  sessionsSubjects,
} from "./subjects.js";

// `pnpm bench:driver postgres --rounds 1` passes the driver name first: keep only the flags.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "postgres"));
const parsed = parseArgs(argv);
// Three rounds by default, so each verdict is a median of three: with one round, a single
// stall in one subject's phase decided a verdict (get, sequential: 0.65x in one run, 0.9-1.1x
// in the runs before). About five minutes.
const config = { ...parsed, rounds: argv.includes("--rounds") ? parsed.rounds : 3 };

const startedAt = new Date();
const server = await startPostgres();
const admin: Admin = postgres(server.url, { max: 1, onnotice: () => {} });
try {
  const payloads = buildPayloads();
  const subjects = [
    ...sessionsSubjects(server.url, admin),
    rawSubject(server.url, admin),
    connectPgSimpleSubject(server.url, admin),
    postgresKeyvSubject(server.url, admin),
  ];
  const [{ server_version: serverVersion }] = (await admin`SHOW server_version`) as unknown as [
    { server_version: string },
  ];
  printRunHeader(
    `PostgreSQL ${serverVersion} on 127.0.0.1 (fsync=off, synchronous_commit=on); a fresh table per measurement`,
    config,
    payloads,
    subjects,
  );

  const cells = await runBench(config, subjects, payloads, (line) => console.error(line));
  const owners = await onFreshTable("bench_owners", async (driver, table) => ({
    sessions: OWNER_SESSIONS,
    ...(await measureOwnerLookup(driver, payloads, () => admin.unsafe(`ANALYZE "${table}"`))),
  }));
  const cleanup = await onFreshTable("bench_cleanup", (driver) => measureCleanup(driver, payloads));
  await report({
    driver: "postgres",
    rawName: "postgres.js",
    peers: ["connect-pg-simple", "keyv"],
    cells,
    owners,
    cleanup,
    config,
    payloadBytes: payloads.bytes,
    subjects,
    startedAt,
    extra: { postgresVersion: serverVersion, fsync: false },
  });

  /** Runs `measure` on a driver over a table of its own, dropped afterwards. */
  async function onFreshTable<T>(
    table: string,
    measure: (driver: SessionDriver, table: string) => Promise<T>,
  ) {
    try {
      return await measure(postgresDriver({ url: server.url, table }), table);
    } finally {
      await admin.unsafe(`DROP TABLE IF EXISTS "${table}"`);
    }
  }
} finally {
  await admin.end({ timeout: 5 });
  await server.stop();
}
