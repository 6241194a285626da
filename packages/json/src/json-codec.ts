import type { StoredSession } from "@sessions/core";
import {
  copyRecord,
  type FileCodec,
  FileCorruptError,
  toStoredSession,
} from "@sessions/file-store";

const FORMAT = "json";
const FIELDS = ["key", "owner", "createdAt", "expiresAt", "version", "payload"] as const;

/** Line and column of a character offset, for syntax errors. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Where `JSON.parse` failed, from its message ("at position N" or "(line L column C)"). */
function syntaxLine(text: string, error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : "";
  const line = /line (\d+) column/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  return position ? lineOf(text, Number(position[1])) : undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function corrupt(reason: string, details: { line?: number; field?: string } = {}): never {
  throw new FileCorruptError(FORMAT, reason, details);
}

/**
 * The JSON format: one document `{ "format": "sessions", "version": 1, "records": [...] }`
 * with one record per line, sorted by key, so the file reads and diffs well. Decoding is
 * strict: the header must match, every record must have exactly the six fields with their
 * types (an extra key, `__proto__` included, is refused; JSON.parse itself never sets a
 * prototype), and an empty or truncated document is corrupt, never an empty store.
 */
export const jsonCodec: FileCodec = {
  format: FORMAT,

  encode(records: readonly StoredSession[]): string {
    // copyRecord fixes the fields and their order, whatever else the records carry.
    const lines = records.map((r) => JSON.stringify(copyRecord(r)));
    const body = lines.length === 0 ? "" : `\n    ${lines.join(",\n    ")}\n  `;
    return `{\n  "format": "sessions",\n  "version": 1,\n  "records": [${body}]\n}\n`;
  },

  decode(text: string): StoredSession[] {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      // Only the position is kept: V8's message quotes the document (session data, LG-1).
      corrupt(text.trim() === "" ? "the file is empty" : "not valid JSON (truncated?)", {
        line: syntaxLine(text, error),
      });
    }
    if (!isPlainObject(document)) return corrupt("the document is not an object", { line: 1 });
    // Lines as this codec writes the file: `{`, format, version, `"records": [`, one record
    // per line from line 5 (a hand-edited layout may differ; `field` is exact regardless).
    if (document.format !== "sessions") {
      corrupt('"format" is not "sessions"', { line: 2, field: "format" });
    }
    if (document.version !== 1) corrupt("unsupported version", { line: 3, field: "version" });
    const records = document.records;
    if (!Array.isArray(records)) {
      return corrupt('"records" is not an array', { line: 4, field: "records" });
    }
    const seen = new Map<unknown, number>();
    return records.map((record: unknown, i) => {
      const line = i + 5;
      if (!isPlainObject(record))
        return corrupt("record is not an object", { line, field: `records[${i}]` });
      const extra = Object.keys(record).find(
        (name) => !(FIELDS as readonly string[]).includes(name),
      );
      if (extra !== undefined) {
        corrupt("record has an unknown field", { line, field: `records[${i}].${extra}` });
      }
      for (const field of FIELDS) {
        if (!Object.hasOwn(record, field))
          corrupt("record lacks a field", { line, field: `records[${i}].${field}` });
      }
      const stored = toStoredSession(
        FORMAT,
        line,
        record as Record<(typeof FIELDS)[number], unknown>,
      );
      const first = seen.get(stored.key);
      if (first !== undefined) {
        corrupt(`duplicate key (first on line ${first})`, { line, field: `records[${i}].key` });
      }
      seen.set(stored.key, line);
      return stored;
    });
  },
};
