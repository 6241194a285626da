/**
 * PostgreSQL driver benchmark: `@sessions/postgres` through the session manager against raw
 * postgres.js prepared statements doing the same work, connect-pg-simple 10 and Keyv 5
 * (@keyv/postgres 2), five phases, sequential and 64 in flight; then `getByOwner` among
 * 100,000 sessions. Starts its own PostgreSQL (fsync off: the test-services default, the same
 * for every subject, so writes measure the libraries rather than the disk), prints the tables
 * with PASS/MISS and writes `results/postgres-<timestamp>.json`.
 */
import { createSessionManager } from "@sessions/core";
import { postgresDriver } from "@sessions/postgres";
import { startPostgres } from "@sessions/test-services";
import postgres from "postgres";
import { modesOf, runBench } from "../../bench.js";
import { parseArgs } from "../../config.js";
import { report } from "../../driver-verdicts.js";
import { machineInfo, machineLine } from "../../machine.js";
import { runPhase, runUntimed } from "../../measure.js";
import { buildPayloads, type Payload, payloadOf } from "../../payload.js";
import {
  type Admin,
  connectPgSimpleSubject,
  keyvSubject,
  rawSubject,
  sessionsSubject,
} from "./subjects.js";

// `pnpm bench:driver postgres --rounds 1` passes the driver name first: keep only the flags.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "postgres"));
const parsed = parseArgs(argv);
// One round by default keeps the whole postgres run under three minutes.
const config = { ...parsed, rounds: argv.includes("--rounds") ? parsed.rounds : 1 };
const OWNER_SESSIONS = 100_000;
const OWNER_CALLS = 500;

const startedAt = new Date();
const server = await startPostgres();
const admin: Admin = postgres(server.url, { max: 1, onnotice: () => {} });
try {
  const payloads = buildPayloads();
  const subjects = [
    sessionsSubject(server.url, admin),
    rawSubject(server.url, admin),
    connectPgSimpleSubject(server.url, admin),
    keyvSubject(server.url, admin),
  ];
  const [{ server_version: serverVersion }] = (await admin`SHOW server_version`) as unknown as [
    { server_version: string },
  ];
  console.log(machineLine(machineInfo()));
  console.log(
    `PostgreSQL ${serverVersion} on 127.0.0.1 (fsync=off, synchronous_commit=on); a fresh table per measurement`,
  );
  console.log(
    `run: ${config.sessions} sessions × 5 phases, modes ${modesOf(config)
      .map((m) => m.name)
      .join(
        " / ",
      )}, ${config.rounds} round(s) (medians), warm-up ${config.warmup}, payload ${payloads.bytes} B JSON`,
  );
  for (const s of subjects) console.log(`  ${s.name.padEnd(18)} ${s.description}`);
  console.log("");

  const cells = await runBench(config, subjects, payloads, (line) => console.error(line));
  const owners = await ownerLookup(server.url);
  await report({
    driver: "postgres",
    rawName: "postgres.js",
    peers: ["connect-pg-simple", "keyv"],
    cells,
    owners,
    config,
    payloadBytes: payloads.bytes,
    subjects,
    startedAt,
    extra: { postgresVersion: serverVersion, fsync: false },
  });

  /** Seeds 100,000 sessions (4 per owner) and times `getByOwner` of random owners. */
  async function ownerLookup(url: string) {
    const table = "bench_owners";
    const manager = createSessionManager<Payload>({
      driver: postgresDriver({ url, table }),
      ttl: "1h",
      cleanup: false,
    });
    const seedStarted = performance.now();
    await runUntimed(
      async (i) => {
        await manager.create({ owner: `user${i >> 2}`, data: payloadOf(payloads, i).initial });
        return true;
      },
      OWNER_SESSIONS,
      64,
    );
    await admin.unsafe(`ANALYZE "${table}"`);
    console.error(
      `seeded ${OWNER_SESSIONS} sessions in ${((performance.now() - seedStarted) / 1000).toFixed(1)}s`,
    );
    const count = OWNER_SESSIONS / 4;
    const pick = (i: number) => `user${(i * 7919) % count}`;
    const lookup = async (i: number) => (await manager.getByOwner(pick(i))).length === 4;
    await runUntimed(lookup, 100, 1);
    const sample = await runPhase(lookup, OWNER_CALLS, 1, new Float64Array(OWNER_CALLS));
    await manager.close();
    await admin.unsafe(`DROP TABLE "${table}"`);
    return { sessions: OWNER_SESSIONS, ...sample };
  }
} finally {
  await admin.end({ timeout: 5 });
  await server.stop();
}
