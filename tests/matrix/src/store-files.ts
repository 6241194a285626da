/** The json and csv store formats as import files: hostile cases of each. */
import { copyLine, editLine, type FileCase, lineOf, replaceIn } from "./hostile-files.js";

/** Hostile `@sessions/json` files (one record per line, a three-field header). */
export const JSON_FILE_CASES: readonly FileCase[] = [
  {
    name: "schema-invalid record (version as text)",
    build: (valid, keys) => {
      const line = lineOf(valid, keys[2]!);
      const text = editLine(valid, line, (l) => replaceIn(l, /"version":\d+/, '"version":"3"'));
      return { text, expected: { line: line + 1, field: /(^|\.)version$/ } };
    },
  },
  {
    name: "__proto__ key in a record",
    build: (valid, keys) => {
      const line = lineOf(valid, keys[1]!);
      const text = editLine(valid, line, (l) =>
        replaceIn(l, '{"key"', '{"__proto__":{"admin":true},"key"'),
      );
      return { text, expected: { line: line + 1, field: /(^|\.)__proto__$/ } };
    },
  },
  {
    name: "truncated last line",
    build: (valid, keys) => {
      const line = lineOf(valid, keys.at(-1)!);
      const start = valid.split("\n").slice(0, line).join("\n").length + 1;
      return { text: valid.slice(0, start + 30), expected: { line: line + 1 } };
    },
  },
  {
    name: "unknown format version",
    build: (valid) => {
      const line = lineOf(valid, '"version": 1');
      const text = editLine(valid, line, (l) => replaceIn(l, '"version": 1', '"version": 2'));
      return { text, expected: { line: line + 1, field: "version" } };
    },
  },
  {
    name: "duplicate keys",
    build: (valid, keys) => {
      const first = lineOf(valid, keys[0]!);
      const text = copyLine(valid, first, lineOf(valid, keys[2]!));
      return { text, expected: { line: lineOf(valid, keys[2]!) + 1, field: /(^|\.)key$/ } };
    },
  },
];

/** Hostile `@sessions/csv` files (RFC 4180, a payload cell may span lines). */
export const CSV_FILE_CASES: readonly FileCase[] = [
  {
    name: "formula cell (owner starting with =)",
    build: (valid, keys) => {
      const line = lineOf(valid, keys[1]!);
      const text = editLine(valid, line, (l) => replaceIn(l, /^([^,]*),[^,]*,/, "$1,=1+1,"));
      return { text, expected: { line: line + 1, field: "owner" } };
    },
  },
  {
    name: "formula cell (payload starting with @)",
    build: (valid, keys) => {
      const line = lineOf(valid, keys[2]!);
      const text = editLine(valid, line, (l) => replaceIn(l, /^((?:[^,]*,){5})"/, '$1"@SUM(A1)'));
      return { text, expected: { line: line + 1, field: "payload" } };
    },
  },
  {
    name: "schema-invalid record (version not a number)",
    build: (valid, keys) => {
      const line = lineOf(valid, keys[2]!);
      const text = editLine(valid, line, (l) => replaceIn(l, /^((?:[^,]*,){4})\d+,/, "$1x,"));
      return { text, expected: { line: line + 1, field: "version" } };
    },
  },
  {
    name: "__proto__ column",
    build: (valid) => ({
      text: editLine(valid, 0, (l) => replaceIn(l, "key,", "__proto__,")),
      expected: { line: 1 },
    }),
  },
  {
    name: "truncated last line",
    build: (valid, keys) => {
      const line = lineOf(valid, keys.at(-1)!);
      return { text: valid.slice(0, valid.length - 8), expected: { line: line + 1 } };
    },
  },
  {
    name: "unknown format (an extra column)",
    build: (valid) => ({
      text: editLine(valid, 0, (l) => replaceIn(l, "payload", "payload,format")),
      expected: { line: 1 },
    }),
  },
  {
    name: "duplicate keys",
    build: (valid, keys) => {
      // A row of the first record, copied before the third one's (rows may span lines).
      const start = lineOf(valid, keys[0]!);
      const end = lineOf(valid, keys[1]!);
      const all = valid.split("\n");
      all.splice(lineOf(valid, keys[2]!), 0, ...all.slice(start, end));
      const text = all.join("\n");
      return { text, expected: { line: lineOf(valid, keys[2]!) + 1, field: "key" } };
    },
  },
];
