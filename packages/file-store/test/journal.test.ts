import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FileCorruptError } from "../src/index.js";
import { encodeEntry, parseJournal } from "../src/journal.js";
import { record } from "./helpers.js";

const hostile = "a\nb\r\n\u2028\u0000\ud800 \udc00\ufeff\"',=+-@\t";

describe("journal lines", () => {
  it("round-trip every record exactly, one line each, hostile payloads and owners included", () => {
    const entries = [
      { put: record("a", { payload: hostile, owner: hostile }) },
      { delete: ["default:s:a", "default:s:b"] },
      { clear: true as const },
    ];
    const text = entries.map(encodeEntry).join("");
    expect(text.split("\n")).toHaveLength(4);
    const parsed = parseJournal("test", Buffer.from(text), 1);
    expect(parsed.entries).toEqual(entries);
    expect(parsed.tornBytes).toBe(0);
  });

  it("a torn tail is reported, not applied; a damaged line before a good one is corruption", () => {
    const lines = [record("a"), record("b"), record("c")].map((r) => encodeEntry({ put: r }));
    const torn = Buffer.from(lines.join("").slice(0, -5));
    const parsed = parseJournal("test", torn, 1);
    expect(parsed.entries).toHaveLength(2);
    expect(parsed.tornBytes).toBe(lines[2]!.length - 5);

    const damaged = Buffer.from(
      [lines[0], lines[1]!.replace("default", "dafault"), lines[2]].join(""),
    );
    let error: unknown;
    try {
      parseJournal("test", damaged, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FileCorruptError);
    expect(error).toMatchObject({ code: "CORRUPT_RECORD", line: 2 });
  });

  it("a line with a good checksum but an invalid record names the field", () => {
    const body = JSON.stringify(["p", "k", null, 1, 2, 0, "{}"]);
    const line = `${crc32(body).toString(16).padStart(8, "0")} ${body}\n`;
    expect(() => parseJournal("test", Buffer.from(line), 7)).toThrow(
      expect.objectContaining({ code: "CORRUPT_RECORD", line: 7, field: "version" }),
    );
  });
});
