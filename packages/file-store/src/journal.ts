import { crc32 } from "node:zlib";
import type { StoredSession } from "@sessions/core";
import { toStoredSession } from "./codec.js";
import { FileCorruptError } from "./errors.js";
import type { RecordTable } from "./record-table.js";

/**
 * One change in the journal. Each is the *result* of an operation (the whole new record, the
 * keys removed), never the operation itself, so replaying a journal over a snapshot that
 * already holds it changes nothing: a crash between compaction's two renames loses nothing.
 */
export type JournalEntry =
  | { readonly put: StoredSession }
  | { readonly delete: readonly string[] }
  | { readonly clear: true };

const NEWLINE = 0x0a;
const CRC_WIDTH = 8;

/** Applies one entry to the table. */
export function applyEntry(table: RecordTable, entry: JournalEntry): void {
  if ("put" in entry) table.put(entry.put);
  else if ("delete" in entry) for (const key of entry.delete) table.delete(key);
  else table.clear();
}

/**
 * One journal line: 8 hex digits of CRC-32 over the JSON that follows, a space, a JSON array,
 * `\n`. JSON escapes every control character and lone surrogate, so a payload never breaks a
 * line and round-trips exactly; the checksum tells a torn or garbled line from a good one.
 */
export function encodeEntry(entry: JournalEntry): string {
  let body: unknown[];
  if ("put" in entry) {
    const r = entry.put;
    body = ["p", r.key, r.owner, r.createdAt, r.expiresAt, r.version, r.payload];
  } else if ("delete" in entry) body = ["d", ...entry.delete];
  else body = ["c"];
  const json = JSON.stringify(body);
  return `${crc32(json).toString(16).padStart(CRC_WIDTH, "0")} ${json}\n`;
}

/** What {@link parseJournal} found in a chunk of journal bytes. */
export interface ParsedJournal {
  /** The good entries, in order. */
  readonly entries: JournalEntry[];
  /** Bytes of the chunk up to the end of the last good line. */
  readonly consumed: number;
  /**
   * Bytes after `consumed` that are not a good line: an append cut by a crash (never
   * acknowledged, since acknowledgement follows the fsync of the whole line), or an append
   * still being written by another process when this chunk was read lock-free.
   */
  readonly tornBytes: number;
}

/**
 * Parses journal bytes starting at a line boundary. A bad line followed by a good one is
 * corruption ({@link FileCorruptError}: something other than an interrupted append damaged
 * the file); bad bytes only at the end are a torn tail, reported in `tornBytes`.
 * `firstLine` numbers lines in errors.
 */
export function parseJournal(format: string, chunk: Buffer, firstLine: number): ParsedJournal {
  const entries: JournalEntry[] = [];
  let consumed = 0;
  let badLine: number | undefined;
  let line = firstLine;
  for (let start = 0; start < chunk.length; line++) {
    const end = chunk.indexOf(NEWLINE, start);
    if (end < 0) break;
    const entry = decodeLine(format, chunk.toString("utf8", start, end), line);
    start = end + 1;
    if (entry === undefined) {
      badLine ??= line;
      continue;
    }
    if (badLine !== undefined) {
      throw new FileCorruptError(format, "journal line is damaged but later lines are intact", {
        line: badLine,
      });
    }
    entries.push(entry);
    consumed = start;
  }
  return { entries, consumed, tornBytes: chunk.length - consumed };
}

/** The entry of one line, `undefined` when the checksum fails; throws when it matches but the content is invalid. */
function decodeLine(format: string, text: string, line: number): JournalEntry | undefined {
  if (text.length <= CRC_WIDTH + 1 || text[CRC_WIDTH] !== " ") return undefined;
  const json = text.slice(CRC_WIDTH + 1);
  if (Number.parseInt(text.slice(0, CRC_WIDTH), 16) !== crc32(json)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    // Not kept as cause: V8's message quotes the line (LG-1).
    throw new FileCorruptError(format, "journal line is not JSON", { line });
  }
  const invalid = (): never => {
    throw new FileCorruptError(format, "journal line has an unknown shape", { line });
  };
  if (!Array.isArray(body)) return invalid();
  const [tag, ...rest] = body as unknown[];
  if (tag === "p" && rest.length === 6) {
    const [key, owner, createdAt, expiresAt, version, payload] = rest;
    const record = { key, owner, createdAt, expiresAt, version, payload };
    return { put: toStoredSession(format, line, record) };
  }
  if (tag === "d" && rest.every((key) => typeof key === "string")) {
    return { delete: rest as string[] };
  }
  if (tag === "c" && rest.length === 0) return { clear: true };
  return invalid();
}
