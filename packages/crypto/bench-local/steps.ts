// Local measurement, not part of the test run: `pnpm exec tsx bench-local/steps.ts`.
// Times the steps of a 1041-byte payload seal and open in isolation (median over rounds of the
// mean ns per call), then the two whole calls through createCipher, to see where the time goes.
import { createCipheriv, randomBytes } from "node:crypto";
import { decodeBase64urlInto } from "../src/base64url.js";
import { createCipher } from "../src/create-cipher.js";
import { parseSealed } from "../src/format.js";
import { Aes256GcmSiv } from "../src/gcm-siv.js";
import { randomNonce } from "../src/nonces.js";
import { polyval } from "../src/polyval.js";
import { measure as measureMedian } from "./measure.js";

const ROUNDS = 9;
const CALLS = 20_000;

/** Median over ROUNDS of the mean ns per call of `run`, after a warm-up round. */
const measure = (run: () => unknown): number => measureMedian(ROUNDS, CALLS, run);

const rows: Array<[string, number]> = [];
const step = (name: string, run: () => unknown) => rows.push([name, measure(run)]);

const payload = JSON.stringify({ user: "u-1", cart: "x".repeat(1041 - 24) });
if (Buffer.byteLength(payload) !== 1041) throw new Error("payload is not 1041 bytes");
const recordKey = randomBytes(32).toString("base64url");
const key = randomBytes(32);
const cipher = createCipher({ keys: { 1: key }, current: 1 });
const sealed = cipher.sealPayload(payload, recordKey);
const parsed = parseSealed(sealed)!;
const aad = Buffer.from(`v1.1.${recordKey}`, "utf8");
const aead = new Aes256GcmSiv(key);
const work = Buffer.alloc(16 * 1024);
const length = work.write(payload, 12, "utf8");
const nonce = randomNonce();
const body = Buffer.allocUnsafe(12 + length + 16);
body.set(nonce, 0);
body.write(payload, 12, "utf8");
aead.sealInPlace(nonce, aad, body, 12, length);
const copy = Buffer.allocUnsafe(body.length);
const authKey = randomBytes(16);
const lengths = Buffer.alloc(16);

step("isWellFormed", () => (payload as unknown as { isWellFormed(): boolean }).isWellFormed());
step("AD: Buffer.from(header + record key)", () => Buffer.from(`v1.1.${recordKey}`, "utf8"));
step("UTF-8 write into the work buffer", () => work.write(payload, 12, "utf8"));
step("randomNonce", () => randomNonce());
step("sealInPlace (all of GCM-SIV)", () => aead.sealInPlace(nonce, aad, work, 12, length));
step("  of which createCipheriv (per nonce)", () =>
  createCipheriv("aes-256-ecb", key, null).setAutoPadding(false),
);
step("  of which polyval(AD, 1041 B, lengths)", () =>
  polyval(authKey, [aad, work.subarray(12, 12 + length), lengths]),
);
step("base64url encode of the body", () => work.toString("base64url", 0, body.length));
step("parseSealed", () => parseSealed(sealed));
step("strict base64url decode into work", () => decodeBase64urlInto(parsed.body, work));
step("copy of the body (subtract from the next)", () => copy.set(body));
step("copy + openInPlace (all of GCM-SIV)", () => {
  copy.set(body);
  return aead.openInPlace(nonce, aad, copy, 12, length);
});
step("UTF-8 decode", () => copy.toString("utf8", 12, 12 + length));

const seal = measure(() => cipher.sealPayload(payload, recordKey));
const open = measure(() => cipher.openPayload(sealed, recordKey));
for (const [name, ns] of rows) console.log(`${name.padEnd(44)} ${(ns / 1000).toFixed(3)} µs`);
console.log(`${"sealPayload (whole)".padEnd(44)} ${(seal / 1000).toFixed(3)} µs`);
console.log(`${"openPayload (whole)".padEnd(44)} ${(open / 1000).toFixed(3)} µs`);
