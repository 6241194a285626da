/**
 * The hostile session data of the differential suite: each case says what every driver must
 * answer, so "identical on every driver" is checked against one explicit expectation.
 */

/** What storing a case must give: the data back unchanged, or a typed error code. */
export type Outcome = "round-trips" | "PAYLOAD_TOO_LARGE" | "SERIALIZATION";

/** One hostile value. */
export interface HostileCase {
  readonly name: string;
  /** Built lazily: the large ones cost memory. */
  readonly data: () => unknown;
  readonly expected: Outcome;
  /** `maxDataBytes` of the manager, when the case raises the default (1 MiB). */
  readonly maxDataBytes?: number;
}

const MIB = 1024 * 1024;

function nested(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}

function manyKeys(count: number): Record<string, number> {
  const value: Record<string, number> = {};
  for (let key = 0; key < count; key++) value[key.toString(36)] = key % 10;
  return value;
}

function tenMegabytes(): unknown {
  const unit = "ascii é 中 \u{1f600} \u0000 \u202e ";
  // Sized by its JSON encoding (what the limit measures): NUL grows to six bytes there.
  const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
  return { blob: unit.repeat(Math.floor((10 * MIB) / unitBytes) - 16) };
}

/** Every case, in a fixed order. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    name: "NUL in values and keys",
    data: () => ({ "a\u0000b": "x\u0000y", n: "\u0000" }),
    expected: "round-trips",
  },
  {
    name: "lone surrogates",
    data: () => ({ hi: "\ud800", lo: "x\udc00y", reversed: "\udc00\ud800", "\ud83d": "key" }),
    expected: "round-trips",
  },
  {
    name: "RTL and bidi marks",
    data: () => ({ rtl: "\u202eevil\u202c", rlm: "\u200f\u200e", "\u202ekey": 1 }),
    expected: "round-trips",
  },
  {
    name: "emoji (ZWJ sequences, flags, skin tones)",
    data: () => ({ family: "👨‍👩‍👧‍👦", flag: "🇺🇦🏳️‍🌈", hand: "👋🏽", "🔑": ["😀"] }),
    expected: "round-trips",
  },
  {
    name: "__proto__ key",
    data: () => JSON.parse('{"__proto__":{"polluted":true},"ok":1}'),
    expected: "round-trips",
  },
  {
    name: "Mongo operators and dotted keys",
    data: () => ({ $set: { admin: true }, $where: "1", "a.b": { "c.d": 1 }, "": "empty key" }),
    expected: "round-trips",
  },
  { name: "64-deep nesting (the depth limit)", data: () => nested(64), expected: "round-trips" },
  { name: "1,000-deep nesting", data: () => nested(1000), expected: "SERIALIZATION" },
  { name: "100k keys", data: () => manyKeys(100_000), expected: "round-trips" },
  { name: "10 MB over the default limit", data: tenMegabytes, expected: "PAYLOAD_TOO_LARGE" },
  {
    name: "10 MB with the limit raised",
    data: tenMegabytes,
    expected: "round-trips",
    maxDataBytes: 11 * MIB,
  },
];

/** Owners that must select exactly their own sessions on every driver. */
export const HOSTILE_OWNERS: readonly string[] = [
  "__proto__",
  "$set",
  "a.b",
  "constructor",
  "\u202eadmin",
  "👨‍👩‍👧‍👦",
  "x\u0000y",
  "lone \ud800 surrogate",
  'o\'neil, "jr"\r\n',
];
