/**
 * SQLite driver benchmark: `@sessions/sqlite` through the session manager against raw
 * better-sqlite3 prepared statements doing the same work, better-sqlite3-session-store 0.1 and
 * Keyv 5 (@keyv/sqlite 4), five phases, sequential and 64 in flight; then `getByOwner` among
 * 100,000 sessions. Every subject gets a fresh file per measurement (WAL, synchronous=NORMAL).
 * Prints the tables with PASS/MISS and writes `results/sqlite-<timestamp>.json`.
 */
import { createSessionManager } from "@sessions/core";
import { sqliteDriver } from "@sessions/sqlite";
import Database from "better-sqlite3";
import { modesOf, runBench } from "../../bench.js";
import { parseArgs } from "../../config.js";
import { report } from "../../driver-verdicts.js";
import { machineInfo, machineLine } from "../../machine.js";
import { runPhase, runUntimed } from "../../measure.js";
import { buildPayloads, type Payload, payloadOf } from "../../payload.js";
import {
  betterSqliteStoreSubject,
  freshFile,
  keyvSubject,
  rawSubject,
  sessionsSubject,
} from "./subjects.js";

// `pnpm bench:driver sqlite --rounds 1` passes the driver name first: keep only the flags.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "sqlite"));
const parsed = parseArgs(argv);
// Two rounds by default keep the whole sqlite run under three minutes (keyv alone takes ~1 min).
const config = { ...parsed, rounds: argv.includes("--rounds") ? parsed.rounds : 2 };
const OWNER_SESSIONS = 100_000;
const OWNER_CALLS = 500;

const startedAt = new Date();
const payloads = buildPayloads();
const subjects = [sessionsSubject(), rawSubject(), betterSqliteStoreSubject(), keyvSubject()];
const version = (
  new Database(":memory:").prepare("SELECT sqlite_version() AS v").get() as { v: string }
).v;
console.log(machineLine(machineInfo()));
console.log(
  `SQLite ${version} (better-sqlite3 12), one file per measurement in the OS temp dir, WAL, synchronous=NORMAL`,
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
const owners = await ownerLookup();
await report({
  driver: "sqlite",
  rawName: "better-sqlite3",
  peers: ["bs3-session-store", "keyv"],
  cells,
  owners,
  config,
  payloadBytes: payloads.bytes,
  subjects,
  startedAt,
  extra: { sqliteVersion: version },
});

/** Seeds 100,000 sessions (4 per owner) and times `getByOwner` of random owners. */
async function ownerLookup() {
  const file = freshFile("owners");
  const manager = createSessionManager<Payload>({
    driver: sqliteDriver({ database: file.path }),
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
  console.error(
    `seeded ${OWNER_SESSIONS} sessions in ${((performance.now() - seedStarted) / 1000).toFixed(1)}s`,
  );
  const count = OWNER_SESSIONS / 4;
  const pick = (i: number) => `user${(i * 7919) % count}`;
  const lookup = async (i: number) => (await manager.getByOwner(pick(i))).length === 4;
  await runUntimed(lookup, 100, 1);
  const sample = await runPhase(lookup, OWNER_CALLS, 1, new Float64Array(OWNER_CALLS));
  await manager.close();
  file.remove();
  return { sessions: OWNER_SESSIONS, ...sample };
}
