// Local measurement, not part of the test run: `pnpm exec tsx bench-local/polyval.ts`.
// Prints ns per POLYVAL of 1104 bytes (noble's JavaScript vs ours) and the mean µs of
// openPayload / sealPayload for a 1021-byte JSON payload through createCipher.
import { randomBytes } from "node:crypto";
import { polyval as noblePolyval } from "@noble/ciphers/_polyval.js";
import { createCipher } from "../src/create-cipher.js";
import { polyval } from "../src/polyval.js";
import { measure as measureMedian } from "./measure.js";

const ROUNDS = 7;

/** Median over ROUNDS of the mean ns per call of `run`, after a warm-up round. */
const measure = (calls: number, run: () => unknown): number => measureMedian(ROUNDS, calls, run);

const key = randomBytes(16);
const data = randomBytes(1104);
const noble = measure(5_000, () => noblePolyval(data, key));
const ours = measure(50_000, () => polyval(key, [data]));
console.log(`POLYVAL 1104 B: noble ${noble.toFixed(0)} ns, ours ${ours.toFixed(0)} ns`);

// A 1021-byte JSON payload and a 43-character record key, as core passes them.
const payload = JSON.stringify({ user: "u-1", cart: "x".repeat(1021 - 24) });
if (Buffer.byteLength(payload) !== 1021) throw new Error(`payload is ${payload.length} bytes`);
const recordKey = randomBytes(32).toString("base64url");
const cipher = createCipher({ keys: { 1: randomBytes(32) }, current: 1 });
const sealed = cipher.sealPayload(payload, recordKey);
const seal = measure(20_000, () => cipher.sealPayload(payload, recordKey));
const open = measure(20_000, () => cipher.openPayload(sealed, recordKey));
console.log(
  `1021-byte payload: sealPayload ${(seal / 1000).toFixed(2)} µs, openPayload ${(open / 1000).toFixed(2)} µs`,
);
