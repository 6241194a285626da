/**
 * Redis driver benchmark: `@sessions/redis` through the session manager against raw
 * node-redis doing the same work, connect-redis 9 and Keyv 5 (@keyv/redis 5), five phases,
 * sequential and 64 in flight; then `getByOwner` among 100,000 sessions. Starts its own
 * redis-server, prints the tables with PASS/MISS and writes `results/redis-<timestamp>.json`.
 */
import { writeFile } from "node:fs/promises";
import { redisDriver } from "@sessions/redis";
import { startRedis } from "@sessions/test-services";
import { type Cell, modesOf, runBench } from "../../bench.js";
import { parseArgs } from "../../config.js";
import { machineInfo } from "../../machine.js";
import { measureOwnerLookup, OWNER_SESSIONS } from "../../owner-lookup.js";
import { buildPayloads, type PayloadSet } from "../../payload.js";
import { type RatioRow, ratioRows, resultsTable, table } from "../../report.js";
import { RESULTS_DIR } from "../../results.js";
import { printRunHeader } from "../../run-header.js";
import type { Phase } from "../../subject.js";
import {
  type Client,
  connectClient,
  connectRedisSubject,
  dropPrefix,
  keyvSubject,
  rawSubject,
  sessionsSubject,
} from "./subjects.js";

// `pnpm bench:driver redis --rounds 1` passes the driver name first: keep only the flags.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "redis"));
const parsed = parseArgs(argv);
// Three rounds by default keep the whole redis run under three minutes.
const config = { ...parsed, rounds: argv.includes("--rounds") ? parsed.rounds : 3 };
const RAW_TARGET: Record<Phase, number> = {
  create: 0.7,
  get: 0.8,
  touch: 0.8,
  update: 0.7,
  destroy: 0.8,
};
const OWNER_TARGET_US = 2_000;

const startedAt = new Date();
const server = await startRedis();
const client = connectClient(server.url);
client.on("error", (error) => console.error(`redis client: ${String(error)}`));
await client.connect();
try {
  const payloads = buildPayloads();
  const subjects = [
    sessionsSubject(client),
    rawSubject(client),
    connectRedisSubject(client),
    keyvSubject(client),
  ];
  const version = String((await client.info("server")).match(/redis_version:(\S+)/)?.[1]);
  printRunHeader(
    `redis-server ${version} on 127.0.0.1 (no persistence); one node-redis 6 client shared by every subject, commandOptions { timeout: 0 }`,
    config,
    payloads,
    subjects,
  );

  const cells = await runBench(config, subjects, payloads, (line) => console.error(line));
  const vsRaw = ratioRows(cells, "sessions", "raw", [], 0).map(
    (r): RatioRow => ({ ...r, verdict: r.ratio >= RAW_TARGET[r.phase] ? "PASS" : "MISS" }),
  );
  const vsPeers = ["connect-redis", "keyv"].flatMap((peer) =>
    ratioRows(cells, "sessions", peer, [], 1).map((r) => ({
      peer,
      ...r,
      verdict: r.ratio > 1 ? ("PASS" as const) : ("MISS" as const),
    })),
  );

  const owners = await ownerLookup(client, payloads);

  console.log("");
  console.log(resultsTable(cells));
  console.log("");
  console.log(
    "sessions vs raw node-redis (throughput; median of per-round ratios; range = min–max)",
  );
  console.log(
    table(
      ["phase", "mode", " sessions ops/s", " raw ops/s", " ratio", " range", " target", "verdict"],
      vsRaw.map((r) => [
        r.phase,
        r.mode,
        Math.round(r.subjectOpsPerSec).toLocaleString("en-US"),
        Math.round(r.peerOpsPerSec).toLocaleString("en-US"),
        `${r.ratio.toFixed(2)}×`,
        `${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)}`,
        `≥ ${RAW_TARGET[r.phase].toFixed(1)}×`,
        r.verdict,
      ]),
    ),
  );
  console.log("");
  console.log("sessions vs peers (throughput; must be faster: ratio > 1)");
  console.log(
    table(
      ["peer", "phase", "mode", " sessions ops/s", " peer ops/s", " ratio", " range", "verdict"],
      vsPeers.map((r) => [
        r.peer,
        r.phase,
        r.mode,
        Math.round(r.subjectOpsPerSec).toLocaleString("en-US"),
        Math.round(r.peerOpsPerSec).toLocaleString("en-US"),
        `${r.ratio.toFixed(2)}×`,
        `${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)}`,
        r.verdict,
      ]),
    ),
  );
  console.log("");
  console.log(
    table(
      ["check", " calls", " p50 µs", " p99 µs", " target", "verdict"],
      [
        [
          `getByOwner among ${OWNER_SESSIONS.toLocaleString("en-US")} sessions (4 per owner)`,
          String(owners.ops),
          owners.p50Us.toFixed(1),
          owners.p99Us.toFixed(1),
          `< ${OWNER_TARGET_US} µs p50`,
          owners.p50Us < OWNER_TARGET_US ? "PASS" : "MISS",
        ],
      ],
    ),
  );

  const misses = cells.filter((c: Cell) => c.misses > 0);
  for (const c of misses)
    console.log(`WARNING: ${c.subject} ${c.mode} ${c.phase}: ${c.misses} misses`);
  const verdicts = [
    ...vsRaw.map((r) => r.verdict),
    ...vsPeers.map((r) => r.verdict),
    owners.p50Us < OWNER_TARGET_US ? "PASS" : "MISS",
  ];
  const finishedAt = new Date();
  const durationMs = finishedAt.getTime() - startedAt.getTime();
  console.log("");
  console.log(
    `${verdicts.filter((v) => v === "PASS").length}/${verdicts.length} PASS · total ${(durationMs / 1000).toFixed(1)}s`,
  );
  const file = `${RESULTS_DIR}redis-${startedAt.toISOString().replaceAll(":", "-")}.json`;
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs,
    machine: machineInfo(),
    redisVersion: version,
    config: { ...config, payloadBytes: payloads.bytes, modes: modesOf(config) },
    subjects: subjects.map(({ name, description, target }) => ({ name, description, target })),
    results: cells,
    ratios: { raw: vsRaw, peers: vsPeers },
    getByOwner: { sessions: OWNER_SESSIONS, ...owners },
  };
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results: ${file}`);
  if (misses.length > 0) process.exitCode = 1;
} finally {
  await client.close();
  await server.stop();
}

/** The `getByOwner` check under a prefix of its own, removed afterwards. */
async function ownerLookup(client: Client, payloads: PayloadSet) {
  const prefix = "bench:owners:";
  try {
    return await measureOwnerLookup(redisDriver({ client, prefix }), payloads);
  } finally {
    await dropPrefix(client, prefix);
  }
}
