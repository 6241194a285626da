/**
 * Redis driver benchmark: `@sessions/redis` through the session manager against raw
 * node-redis doing the same work, connect-redis 9 and Keyv 5 (@keyv/redis 5), five phases,
 * sequential and 64 in flight; then `getByOwner` among 100,000 sessions and one cleanup() of 20,000 expired sessions. Starts its own
 * redis-server, prints the tables with PASS/MISS and writes `results/redis-<timestamp>.json`.
 */
import type { SessionDriver } from "@sessions/core";
import { redisDriver } from "@sessions/redis";
import { startRedis } from "@sessions/test-services";
import { runBench } from "../../bench.js";
import { measureCleanup } from "../../cleanup.js";
import { parseArgs } from "../../config.js";
import { report } from "../../driver-verdicts.js";
import { measureOwnerLookup, OWNER_SESSIONS } from "../../owner-lookup.js";
import { buildPayloads } from "../../payload.js";
import { printRunHeader } from "../../run-header.js";
import {
  connectClient,
  connectRedisSubject,
  dropPrefix,
  rawSubject,
  redisKeyvSubject,
  sessionsSubjects,
} from "./subjects.js";

// `pnpm bench:driver redis --rounds 1` passes the driver name first: keep only the flags.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "redis"));
const parsed = parseArgs(argv);
// Three rounds by default keep the whole redis run under three minutes.
const config = { ...parsed, rounds: argv.includes("--rounds") ? parsed.rounds : 3 };

const startedAt = new Date();
const server = await startRedis();
const client = connectClient(server.url);
client.on("error", (error) => console.error(`redis client: ${String(error)}`));
// @keyv/redis adds its own listeners to the client for every instance and never removes
// them; the keyv subject makes one instance per round and mode, past Node's warning at 10.
client.setMaxListeners(64);
await client.connect();
try {
  const payloads = buildPayloads();
  const subjects = [
    ...sessionsSubjects(client),
    rawSubject(client),
    connectRedisSubject(client),
    redisKeyvSubject(client),
  ];
  const version = String((await client.info("server")).match(/redis_version:(\S+)/)?.[1]);
  printRunHeader(
    `redis-server ${version} on 127.0.0.1 (no persistence); one node-redis 6 client shared by every subject, commandOptions { timeout: 0 }`,
    config,
    payloads,
    subjects,
  );

  const cells = await runBench(config, subjects, payloads, (line) => console.error(line));
  const owners = await onFreshPrefix("bench:owners:", (driver) =>
    measureOwnerLookup(driver, payloads),
  );
  const cleanup = await onFreshPrefix("bench:cleanup:", (driver) =>
    measureCleanup(driver, payloads),
  );
  await report({
    driver: "redis",
    rawName: "node-redis",
    peers: ["connect-redis", "keyv"],
    cells,
    owners: { sessions: OWNER_SESSIONS, ...owners },
    cleanup,
    config,
    payloadBytes: payloads.bytes,
    subjects,
    startedAt,
    extra: { redisVersion: version },
  });
} finally {
  await client.close();
  await server.stop();
}

/** Runs `measure` on a driver under a prefix of its own, removed afterwards. */
async function onFreshPrefix<T>(prefix: string, measure: (driver: SessionDriver) => Promise<T>) {
  try {
    return await measure(redisDriver({ client, prefix }));
  } finally {
    await dropPrefix(client, prefix);
  }
}
