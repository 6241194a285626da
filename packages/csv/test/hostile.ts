import { PAYLOAD_SAMPLES } from "@sessions/test-suite";

/**
 * Characters a spreadsheet may read as the start of a formula, full-width forms included.
 * Deliberately its own list, not an import of cell-codec's `FORMULA_START`: it is the test's
 * oracle, so a character dropped from the codec's set makes these tests fail instead of
 * silently shrinking with it.
 */
export const FORMULA_STARTS = [
  "=",
  "+",
  "-",
  "@",
  "\t",
  "\r",
  "\uff1d",
  "\uff0b",
  "\uff0d",
  "\uff20",
];

/** Values every cell must carry byte for byte: the suite's payload samples and CSV-specific ones. */
export const HOSTILE_VALUES: readonly string[] = [
  ...Object.values(PAYLOAD_SAMPLES),
  "",
  "'",
  "''",
  "'=1+2",
  '\'"quoted"',
  '"',
  '""',
  ",",
  ",,,,,",
  "\r",
  "\n",
  "\r\n",
  "\n\r",
  "ends with CR\r",
  ...FORMULA_STARTS.flatMap((start) => [start, `${start}1+2`, `${start}HYPERLINK("x")`]),
  "-5",
  "'-5",
  "\u0000",
  "\u0000=1",
  "\ufeff",
  "\ufeff=1",
  "\ufeff\ufeff",
  "\ud800",
  "=\ud800",
  "'\ud800",
  "\udc00\ud800",
  "\ud83d\ude00",
  "\u{1f469}\u200d\u{1f469}\u200d\u{1f467}",
  "\u202eRTL override\u202c \u200f\u200e",
  "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
  "\u001b[31mred\u001b[0m",
  "\u007f\u0085\u2028\u2029",
  "__proto__",
  "constructor",
  '{"__proto__":{"polluted":true}}',
  "key,owner,created_at,expires_at,version,payload\r\n",
  "\\u0000 \\\\ \\",
  "  leading and trailing  ",
  "null",
  "NULL",
  '\'"\\ud800"',
];

/**
 * Code units that make CSV and spreadsheets misbehave: formula starts, quotes, separators,
 * line ends, NUL, BOM, halves of a surrogate pair, direction marks, escapes.
 */
const NASTY = [
  ...FORMULA_STARTS,
  "'",
  '"',
  ",",
  ";",
  "\n",
  "\r",
  "\u0000",
  "\u0001",
  "\u001b",
  "\u007f",
  "\ufeff",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\ud83d",
  "\ude00",
  "\u200f",
  "\u202e",
  "\u2028",
  "\\",
  " ",
  "a",
  "0",
  "\u00e9",
  "\u4e2d",
  "\u{1f600}",
];

/** A deterministic generator (mulberry32): the same strings every run. */
export function randomStrings(count: number, seed: number, maxLength = 12): string[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * (maxLength + 1));
    let text = "";
    for (let i = 0; i < length; i++) text += NASTY[Math.floor(next() * NASTY.length)];
    return text;
  });
}
