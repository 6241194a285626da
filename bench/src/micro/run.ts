/**
 * Micro-benchmarks of the steps of core's hot path (entry of `pnpm micro`): each current step
 * against a drop-in alternative from ./alternatives.ts, then the unavoidable work (JSON,
 * digests, event-loop hops) that bounds what any session store can reach on these phases.
 * Results are ns/µs per call, median of 7 rounds.
 */

import { strict as assert } from "node:assert";
import { createHash, randomBytes } from "node:crypto";
import { generateToken, memoryDriver, type StoredSession } from "@sessions/core";
import { buildPayloads } from "../payload.js";
import {
  decodePayloadNoSpread,
  digestOneShot,
  encodePayloadFast,
  guardDriverThen,
  jsonDepthSkippingStrings,
  type OwnerIndex,
  openersExceed,
  putReindexAlways,
  putReindexOnOwnerChange,
  sessionViewLiteral,
} from "./alternatives.js";
import {
  assertToken,
  decodePayload,
  type Envelope,
  encodeData,
  encodePayload,
  guardDriver,
  infoOf,
  jsonDepth,
  openRecord,
  resolveOptions,
  sessionView,
  tokenDigest,
} from "./core-internals.js";
import { consume, report, sinkValue, timeAsync, timeSync } from "./harness.js";

/** `%HaveSameMap` when node runs with --allow-natives-syntax, else undefined. */
function nativeHaveSameMap(): ((a: unknown, b: unknown) => boolean) | undefined {
  try {
    return new Function("a", "b", "return %HaveSameMap(a, b)") as (
      a: unknown,
      b: unknown,
    ) => boolean;
  } catch {
    return undefined;
  }
}

const N = 64;
const mask = N - 1;
const payloads = buildPayloads(N);
const data = payloads.variants.map((v) => v.initial);
const dataJson = data.map((d) => JSON.stringify(d));
const tokens = Array.from({ length: N }, () => generateToken());
const ctx = resolveOptions({ driver: memoryDriver(), ttl: "1h" });
const now = Date.now();
const envelope: Envelope = {
  absoluteExpiresAt: now + 3_600_000,
  lastSeenAt: now,
  locked: false,
  failures: [],
  meta: null,
};
const handles = tokens.map((t) => ctx.keys.handleOf(t));
const records: StoredSession[] = handles.map((handle, i) => ({
  key: ctx.keys.sessionKey(handle),
  owner: ctx.keys.storedOwner(`user${i >> 2}`),
  payload: encodePayload(envelope, dataJson[i]!),
  createdAt: now,
  expiresAt: now + 3_600_000,
  version: 1,
}));
const loaded = records.map((r, i) => openRecord(ctx, r, handles[i]!, now));
const limits = { maxBytes: 1024 * 1024, maxDepth: 64 };

// --- equivalence of every alternative with the current code on these inputs ---------------
const currentDigest = tokenDigest();
for (let i = 0; i < N; i++) {
  assert.equal(digestOneShot(tokens[i]!), currentDigest(tokens[i]!));
  assert.equal(jsonDepthSkippingStrings(dataJson[i]!), jsonDepth(dataJson[i]!));
  assert.equal(encodePayloadFast(envelope, dataJson[i]!), encodePayload(envelope, dataJson[i]!));
  assert.deepEqual(
    decodePayloadNoSpread(records[i]!.payload),
    decodePayload(records[i]!.payload, "memory"),
  );
  const l = loaded[i]!;
  // Same keys and values (key order is not part of the contract).
  assert.deepStrictEqual(
    sessionViewLiteral(infoOf(ctx, l), tokens[i]!, l.envelope.locked, data[i]),
    { ...sessionView(ctx, l, tokens[i]!, data[i]) },
  );
}
for (const tricky of [
  '{"a":"x\\"]]]]"}',
  '{"a":"\\\\"}',
  '[[["\\\\\\"[["]]]',
  '{"k":[{"q":"}}}"}]}',
]) {
  assert.equal(jsonDepthSkippingStrings(tricky), jsonDepth(tricky), tricky);
}
console.log("alternatives agree with the current code on all inputs");
console.log(`payload: ${payloads.bytes} B JSON; node ${process.version}`);

// --- current step vs alternative ---------------------------------------------------------
report("token digest (token.ts:46) — every phase, once per op", [
  timeSync("createHash('sha256').update(t).digest('base64url')", (i) =>
    currentDigest(tokens[i & mask]!),
  ),
  timeSync("crypto.hash('sha256', t, 'base64url')", (i) => digestOneShot(tokens[i & mask]!)),
]);

report("data depth check (data-codec.ts:31,50) — create and update, once per op", [
  timeSync("jsonDepth(json) (charCodeAt over every char)", (i) => jsonDepth(dataJson[i & mask]!)),
  timeSync("jsonDepthSkippingStrings(json) (indexOf over strings)", (i) =>
    jsonDepthSkippingStrings(dataJson[i & mask]!),
  ),
  timeSync("openersExceed(json, 64) pre-check, exact scan only if true", (i) => {
    const json = dataJson[i & mask]!;
    return openersExceed(json, 64) ? jsonDepth(json) : 0;
  }),
]);

// As the manager runs it: depth checked on the string JSON.stringify has just produced.
report("encodeData as a whole (data-codec.ts:15-35) — create and update, once per op", [
  timeSync("encodeData(data, limits): stringify + jsonDepth", (i) =>
    encodeData(data[i & mask], limits),
  ),
  timeSync("stringify + openersExceed pre-check", (i) => {
    const json = JSON.stringify(data[i & mask]);
    return openersExceed(json, limits.maxDepth) && jsonDepth(json) > limits.maxDepth ? "" : json;
  }),
]);

report("session view (session-view.ts:15-19) — create, get, update, once per op", [
  timeSync("sessionView(ctx, loaded, token, data): rest + spread", (i) =>
    sessionView(ctx, loaded[i & mask]!, tokens[i & mask]!, data[i & mask]),
  ),
  timeSync("infoOf + one object literal with every key", (i) => {
    const l = loaded[i & mask]!;
    return sessionViewLiteral(infoOf(ctx, l), tokens[i & mask]!, l.envelope.locked, data[i & mask]);
  }),
  timeSync("(for scale) infoOf(ctx, loaded) alone", (i) => infoOf(ctx, loaded[i & mask]!)),
]);

// Why the spread is slow: with --allow-natives-syntax, ask V8 whether two results share a map.
const sameMap = nativeHaveSameMap();
if (sameMap) {
  const a = sessionView(ctx, loaded[0]!, tokens[0]!, data[0]);
  const b = sessionView(ctx, loaded[1]!, tokens[1]!, data[1]);
  const la = sessionViewLiteral(infoOf(ctx, loaded[0]!), tokens[0]!, false, data[0]);
  const lb = sessionViewLiteral(infoOf(ctx, loaded[1]!), tokens[1]!, false, data[1]);
  console.log(
    `  hidden class shared by two results: sessionView ${sameMap(a, b)}, literal ${sameMap(la, lb)}`,
  );
}

report("payload encode (envelope.ts:44-50) — create and update, once per op", [
  timeSync("encodePayload: header object + JSON.stringify + template", (i) =>
    encodePayload(envelope, dataJson[i & mask]!),
  ),
  timeSync("template header for the common case", (i) =>
    encodePayloadFast(envelope, dataJson[i & mask]!),
  ),
]);

// Payloads as stored are flat strings (the driver keeps what it got; a first read flattens).
const flatPayloads = records.map((r) => JSON.parse(JSON.stringify(r.payload)) as string);
report("payload decode (envelope.ts:56-70) — get, touch, update, once per op", [
  timeSync("decodePayload: JSON.parse header + isHeader + conditional spread", (i) =>
    decodePayload(flatPayloads[i & mask]!, "memory"),
  ),
  timeSync("plain assignment, shared empty failures, no isHeader", (i) =>
    decodePayloadNoSpread(flatPayloads[i & mask]!),
  ),
]);

// The update phase rewrites a record whose owner did not change.
const sessions = 20_000;
const storedRecords = new Map<string, { key: string; owner: string | null }>();
const ownerIndex: OwnerIndex = { owners: new Map() };
const updates = Array.from({ length: sessions }, (_, i) => ({
  key: `default:s:${i.toString(36).padStart(43, "0")}`,
  owner: `default:user${i >> 2}`,
}));
for (const r of updates) putReindexAlways(storedRecords, ownerIndex, r);
report("memory driver put on compareAndSet (memory-driver.ts:37-45) — update, once per op", [
  timeSync("put: unindex previous owner + index new (always)", (i) =>
    putReindexAlways(storedRecords, ownerIndex, updates[i % sessions]!),
  ),
  timeSync("put: touch the owner index only when the owner changed", (i) =>
    putReindexOnOwnerChange(storedRecords, ownerIndex, updates[i % sessions]!),
  ),
]);

const raw = memoryDriver();
for (const r of records) await raw.insert(r, now);
const current = guardDriver(raw);
const alternative = guardDriverThen(raw);
report("guarded driver call (guarded-driver.ts:30-39) — 1 call per op (update: 2)", [
  await timeAsync("await guardDriver(d).get(key, now) (async, ...args, await)", (i) =>
    current.get(records[i & mask]!.key, now),
  ),
  await timeAsync("await non-async fixed-arity wrapper, .then(undefined, convert)", (i) =>
    alternative.get(records[i & mask]!.key, now),
  ),
  await timeAsync("(lower bound) await memoryDriver().get(key, now), no guard", (i) =>
    raw.get(records[i & mask]!.key, now),
  ),
]);

// get() today: manager.get → loadByToken → loadByHandle → guarded.get → driver.get, then
// #renew and #view → decodeSessionData: about seven async frames for one Map lookup.
const lookup = new Map(records.map((r) => [r.key, r]));
const leaf = async (key: string) => lookup.get(key);
const nest = (inner: (key: string) => Promise<unknown>) => async (key: string) => await inner(key);
const fiveDeep = nest(nest(nest(nest(leaf))));
const passThrough = async (value: unknown) => value;
report("async frames on the get path (manager.ts:153-160, records.ts:33-48)", [
  await timeAsync("5 nested async calls + 2 async post-steps (today's shape)", async (i) => {
    const record = await fiveDeep(records[i & mask]!.key);
    return passThrough(await passThrough(record));
  }),
  await timeAsync(
    "manager frame + driver frame only",
    async (i) => await leaf(records[i & mask]!.key),
  ),
]);

// --- unavoidable work: what bounds each phase for any store -------------------------------
const cookie = () => ({
  originalMaxAge: 3_600_000,
  expires: new Date(Date.now() + 3_600_000),
  httpOnly: true,
  path: "/",
});
const storeJson = data.map((d) => JSON.stringify({ cookie: cookie(), ...d }));
report(
  "floor: work both stores must do (not savings; for scale)",
  [
    timeSync("JSON.stringify(1 KB data)", (i) => JSON.stringify(data[i & mask])),
    timeSync("JSON.parse(1 KB data)", (i) => JSON.parse(dataJson[i & mask]!)),
    timeSync("encodeData(data, limits) (stringify + size + depth check)", (i) =>
      encodeData(data[i & mask], limits),
    ),
    timeSync("MemoryStore set: JSON.stringify({ cookie, ...data })", (i) =>
      JSON.stringify({ cookie: cookie(), ...data[i & mask] }),
    ),
    timeSync("MemoryStore get: JSON.parse + new Date(expires)", (i) => {
      const s = JSON.parse(storeJson[i & mask]!) as { cookie: { expires: string } };
      return new Date(s.cookie.expires) <= new Date() ? undefined : s;
    }),
    timeSync("assertToken (regex)", (i) => assertToken(tokens[i & mask]!)),
    timeSync("randomBytes(24).toString('base64url') (express-session sid)", () =>
      randomBytes(24).toString("base64url"),
    ),
    timeSync("generateToken() (core, pooled 32 bytes)", () => generateToken()),
    timeSync("createHash sha256 of a 43-char token (again, for scale)", (i) =>
      createHash("sha256")
        .update(tokens[i & mask]!)
        .digest("base64url"),
    ),
    await timeAsync(
      "await new Promise(setImmediate) (MemoryStore's deferral)",
      () => new Promise((resolve) => setImmediate(resolve)),
    ),
    await timeAsync("await Promise.resolve() (one microtask hop)", (i) => Promise.resolve(i)),
  ],
  false,
);
consume(null);
if (sinkValue() !== null) console.log("");
