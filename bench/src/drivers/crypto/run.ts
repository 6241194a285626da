/**
 * Cost of `@sessions/crypto`: the session manager over `memoryDriver()` with the cipher off
 * and on, ~1 KB payloads, five phases run sequentially; reports the overhead per operation
 * (difference of mean latencies, µs) against the target of +25 µs per get and update, and
 * the raw cipher calls on their own. Prints the tables and writes
 * `results/crypto-<timestamp>.json`. About 30 s.
 */
import { writeFile } from "node:fs/promises";
import { createCipher, generateKey } from "@sessions/crypto";
import { parseArgs } from "../../config.js";
import { machineInfo, machineLine } from "../../machine.js";
import {
  collectGarbage,
  median,
  type PhaseSample,
  runPhase,
  runPreparation,
  runUntimed,
} from "../../measure.js";
import { buildPayloads } from "../../payload.js";
import { table } from "../../report.js";
import { RESULTS_DIR } from "../../results.js";
import { PHASES, type Phase, type Subject } from "../../subject.js";
import { cipherSubject } from "./subject.js";

// `pnpm bench:driver crypto --rounds 1` passes the driver name first: keep only the flags.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "crypto"));
const parsed = parseArgs(argv);
// Fewer sessions and rounds than the core run by default: the whole run stays under a minute.
const config = {
  sessions: argv.includes("--sessions") ? parsed.sessions : 10_000,
  rounds: argv.includes("--rounds") ? parsed.rounds : 3,
  warmup: parsed.warmup,
};
const TARGET_US: Partial<Record<Phase, number>> = { get: 25, update: 25 };
const MICRO_OPS = 5_000;

const startedAt = new Date();
const machine = machineInfo();
const payloads = buildPayloads();
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });
const off = cipherSubject("cipher off", undefined);
const on = cipherSubject("cipher on", cipher);
// For information: touch and update by token (each also reads, so an update opens and seals).
const offByToken = cipherSubject("cipher off by token", undefined, "token");
const onByToken = cipherSubject("cipher on by token", cipher, "token");
const subjects: readonly Subject[] = [off, on, offByToken, onByToken];

console.log(machineLine(machine));
console.log(
  `run: ${config.sessions} sessions × 5 phases, sequential, ${config.rounds} round(s) (medians), warm-up ${config.warmup} ops/phase, payload ${payloads.bytes} B JSON`,
);
for (const subject of subjects) console.log(`  ${subject.name.padEnd(11)} ${subject.description}`);

/** Every phase once, in order, on a fresh instance; GC between phases. */
async function measure(subject: Subject, latencies: Float64Array) {
  const warm = subject.open(config.warmup, payloads);
  for (const phase of PHASES) {
    await runPreparation(warm, phase, config.warmup, 1);
    await runUntimed(warm[phase], config.warmup, 1);
  }
  await warm.close();
  const instance = subject.open(config.sessions, payloads);
  const samples = {} as Record<Phase, PhaseSample>;
  for (const phase of PHASES) {
    await runPreparation(instance, phase, config.sessions, 1);
    collectGarbage();
    samples[phase] = await runPhase(instance[phase], config.sessions, 1, latencies);
  }
  await instance.close();
  return samples;
}

const latencies = new Float64Array(config.sessions);
const rounds: Record<string, Record<Phase, PhaseSample>[]> = Object.fromEntries(
  subjects.map((subject) => [subject.name, []]),
);
for (let round = 0; round < config.rounds; round++) {
  for (let s = 0; s < subjects.length; s++) {
    const subject = subjects[(s + round) % subjects.length]!;
    const started = performance.now();
    rounds[subject.name]!.push(await measure(subject, latencies));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`round ${round + 1}/${config.rounds}  ${subject.name.padEnd(11)} ${seconds}s`);
  }
}

const stat = (name: string, phase: Phase, key: "meanUs" | "p50Us" | "p99Us") =>
  median(rounds[name]!.map((samples) => samples[phase][key]));
const misses = subjects.reduce(
  (sum, subject) =>
    sum +
    rounds[subject.name]!.reduce(
      (inner, samples) => inner + PHASES.reduce((n, phase) => n + samples[phase].misses, 0),
      0,
    ),
  0,
);

const rows = PHASES.map((phase) => {
  const meanOff = stat(off.name, phase, "meanUs");
  const meanOn = stat(on.name, phase, "meanUs");
  const overheadUs = meanOn - meanOff;
  const byTokenOverheadUs =
    stat(onByToken.name, phase, "meanUs") - stat(offByToken.name, phase, "meanUs");
  const target = TARGET_US[phase];
  return {
    phase,
    offMeanUs: meanOff,
    onMeanUs: meanOn,
    offP50Us: stat(off.name, phase, "p50Us"),
    onP50Us: stat(on.name, phase, "p50Us"),
    onP99Us: stat(on.name, phase, "p99Us"),
    overheadUs,
    byTokenOverheadUs,
    targetUs: target ?? null,
    verdict: target === undefined ? "" : overheadUs <= target ? "PASS" : "MISS",
  };
});

/** Mean µs of `op(i)` for i in [N, 2N) after the untimed i in [0, N) (N = MICRO_OPS). */
function micro(op: (i: number) => unknown): number {
  for (let i = 0; i < MICRO_OPS; i++) op(i);
  const start = process.hrtime.bigint();
  for (let i = MICRO_OPS; i < 2 * MICRO_OPS; i++) op(i);
  return Number(process.hrtime.bigint() - start) / 1000 / MICRO_OPS;
}
const handle = "h".repeat(43);
const plaintext = `{"v":1,"a":1,"s":1}\n${JSON.stringify(payloads.variants[0]!.initial)}`;
const sealed = cipher.sealPayload(plaintext, handle);
// Owner calls without the owner cache: every call sees an owner (or sealed form) for the
// first time; `reader` shares the key but not the cache of `writer`.
const ownerKey = generateKey();
const writer = createCipher({ keys: { 1: ownerKey }, current: 1 });
const reader = createCipher({ keys: { 1: ownerKey }, current: 1 });
const owners = Array.from({ length: 2 * MICRO_OPS }, (_, i) => `user${i}@example.com`);
const sealedOwners = owners.map((owner) => writer.sealOwner(owner));
const fresh = createCipher({ keys: { 1: ownerKey }, current: 1 });
const calls = {
  sealPayload: micro(() => cipher.sealPayload(plaintext, handle)),
  openPayload: micro(() => cipher.openPayload(sealed, handle)),
  sealOwnerUncached: micro((i) => fresh.sealOwner(owners[i]!)),
  openOwnerUncached: micro((i) => reader.openOwner(sealedOwners[i]!)),
  openOwnerCached: micro((i) => writer.openOwner(sealedOwners[i]!)),
};
const finishedAt = new Date();

const us = (value: number) => value.toFixed(1);
console.log("");
console.log(
  table(
    [
      "phase",
      " off mean µs",
      " on mean µs",
      " off p50 µs",
      " on p50 µs",
      " on p99 µs",
      " overhead µs/op",
      " target",
      " verdict",
      " by token µs/op",
    ],
    rows.map((row) => [
      row.phase,
      us(row.offMeanUs),
      us(row.onMeanUs),
      us(row.offP50Us),
      us(row.onP50Us),
      us(row.onP99Us),
      `${row.overheadUs >= 0 ? "+" : ""}${us(row.overheadUs)}`,
      row.targetUs === null ? "" : `≤ +${row.targetUs}`,
      row.verdict,
      `${row.byTokenOverheadUs >= 0 ? "+" : ""}${us(row.byTokenOverheadUs)}`,
    ]),
  ),
);
console.log("");
console.log(
  `raw cipher calls (µs, mean of ${MICRO_OPS}): sealPayload ${us(calls.sealPayload)} · openPayload ${us(calls.openPayload)} (${Buffer.byteLength(plaintext)} B) · sealOwner uncached ${us(calls.sealOwnerUncached)} · openOwner uncached ${us(calls.openOwnerUncached)} · openOwner cached ${us(calls.openOwnerCached)}`,
);
if (misses > 0) console.log(`WARNING: ${misses} misses: the run is invalid`);
const durationMs = finishedAt.getTime() - startedAt.getTime();
console.log(`total ${(durationMs / 1000).toFixed(1)}s`);

const file = `${RESULTS_DIR}crypto-${startedAt.toISOString().replaceAll(":", "-")}.json`;
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  durationMs,
  machine,
  config: { ...config, payloadBytes: payloads.bytes, mode: "sequential", targetUs: TARGET_US },
  subjects: subjects.map(({ name, description }) => ({ name, description })),
  overhead: rows,
  cipherCallsUs: calls,
  rounds,
};
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`results: ${file}`);
if (misses > 0) process.exitCode = 1;
