import type { StoredSession } from "@sessions/core";
import { SerializationError } from "@sessions/core";
import { FileCorruptError } from "@sessions/file-store";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCodec } from "../src/index.js";
import { FORMULA_STARTS, HOSTILE_VALUES, randomStrings } from "./hostile.js";
import { HEADER, record, sameRecords } from "./records.js";

const roundTrip = (records: readonly StoredSession[]) => csvCodec.decode(csvCodec.encode(records));

/** Every cell of a file as a standard CSV reader (csv-parse, default options) sees it. */
const rawCells = (text: string): string[][] => parse(text) as string[][];

describe("csvCodec round trip", () => {
  it("is the csv format", () => {
    expect(csvCodec.format).toBe("csv");
  });

  it("writes the header row and CRLF line ends for an empty store, and reads it back", () => {
    expect(csvCodec.encode([])).toBe(HEADER);
    expect(csvCodec.decode(HEADER)).toEqual([]);
  });

  it("carries every hostile value byte for byte in key, owner and payload", () => {
    const records = HOSTILE_VALUES.flatMap((value, index) => [
      record(`payload-${index}`, { payload: value }),
      record(`owner-${index}`, { owner: value }),
      ...(value === "" ? [] : [record(`key-${index}`, { key: value })]),
    ]);
    // Keys must be unique: the hostile values that appear twice as keys are dropped.
    const unique = [...new Map(records.map((r) => [r.key, r])).values()];
    expect(sameRecords(roundTrip(unique), unique)).toBe(true);
  });

  it("keeps a null owner apart from an empty-string owner", () => {
    const records = [record("null", { owner: null }), record("empty", { owner: "" })];
    const back = roundTrip(records);
    expect(back[0]?.owner).toBeNull();
    expect(back[1]?.owner).toBe("");
  });

  it("carries random strings of nasty code units byte for byte (property style)", () => {
    for (const seed of [1, 2, 3, 4]) {
      const values = randomStrings(600, seed, 16);
      const records = values.map((value, index) =>
        record(`${index}`, {
          key: `${values[(index + 1) % values.length]}#${index}`,
          owner: index % 7 === 0 ? null : values[(index + 2) % values.length]!,
          payload: value,
          createdAt: index,
          expiresAt: Number.MAX_SAFE_INTEGER - index,
          version: index + 1,
        }),
      );
      expect(sameRecords(roundTrip(records), records), `seed ${seed}`).toBe(true);
    }
  });

  it("carries a 1 MiB payload with quotes, CR/LF and NUL", () => {
    const unit = 'abc "quoted", \r\n\u00e9\u4e2d\u{1f600}\u0000|';
    const big = record("big", { payload: unit.repeat(Math.ceil((1 << 20) / unit.length)) });
    expect(roundTrip([big])[0]?.payload === big.payload).toBe(true);
  });

  it("keeps __proto__ a plain string (no prototype pollution)", () => {
    const records = [
      record("proto", { key: "__proto__", owner: "__proto__", payload: '{"__proto__":{"x":1}}' }),
    ];
    const [back] = roundTrip(records);
    expect(Object.keys(back!).sort()).toEqual([
      "createdAt",
      "expiresAt",
      "key",
      "owner",
      "payload",
      "version",
    ]);
    expect(back?.key).toBe("__proto__");
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("csvCodec file text", () => {
  const values = [...HOSTILE_VALUES, ...randomStrings(2000, 9)];
  const records = values.map((value, index) =>
    record(`${index}`, { key: `${value}#${index}`, owner: value, payload: value }),
  );
  const text = csvCodec.encode(records);

  it("opens in a standard CSV reader with the header and six cells per row", () => {
    const rows = rawCells(text);
    expect(rows[0]).toEqual(["key", "owner", "created_at", "expires_at", "version", "payload"]);
    expect(rows).toHaveLength(records.length + 1);
    for (const row of rows) expect(row).toHaveLength(6);
  });

  it("has no cell starting with = + - @, tab or CR (nor their full-width forms)", () => {
    for (const [line, row] of rawCells(text).entries()) {
      for (const cell of row) {
        expect(
          FORMULA_STARTS.includes(cell.charAt(0)),
          `row ${line}: ${JSON.stringify(cell)}`,
        ).toBe(false);
      }
    }
  });

  it("is well-formed UTF-8 text without a BOM, NUL or escape characters", () => {
    expect(text.startsWith("key,")).toBe(true);
    expect((text as unknown as { isWellFormed(): boolean }).isWellFormed()).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
    expect(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)).toBe(false);
    expect(Buffer.from(text, "utf8").toString("utf8") === text).toBe(true);
  });

  it("ends every row with CRLF and has no bare line break outside quoted cells", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    // Outside quotes (even count of quotes before), every LF follows a CR and every CR is
    // followed by LF.
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '"') quoted = !quoted;
      else if (!quoted && char === "\n") expect(text[i - 1], `offset ${i}`).toBe("\r");
      else if (!quoted && char === "\r") expect(text[i + 1], `offset ${i}`).toBe("\n");
    }
  });

  it("writes a plain record as a plain row", () => {
    const plain = record("plain", { payload: '{"v":1}' });
    expect(csvCodec.encode([plain])).toBe(
      `${HEADER}default:s:plain,default:alice,1893456000000,1893459600000,1,"{""v"":1}"\r\n`,
    );
  });
});

describe("csvCodec reading hand-written files", () => {
  it("decodes escaped formula cells back to their values", () => {
    const text =
      HEADER +
      "'=cmd|' /C calc'!A0,'@owner,1,2,3,'+1+2\r\n" +
      "k2,'-owner,1,2,3,\"'\t tab\"\r\n" +
      "k3,,1,2,3,'\r\n" +
      "k4,',1,2,3,''quoted\r\n";
    expect(csvCodec.decode(text)).toEqual([
      {
        key: "=cmd|' /C calc'!A0",
        owner: "@owner",
        createdAt: 1,
        expiresAt: 2,
        version: 3,
        payload: "+1+2",
      },
      { key: "k2", owner: "-owner", createdAt: 1, expiresAt: 2, version: 3, payload: "\t tab" },
      { key: "k3", owner: null, createdAt: 1, expiresAt: 2, version: 3, payload: "" },
      { key: "k4", owner: "", createdAt: 1, expiresAt: 2, version: 3, payload: "'quoted" },
    ]);
  });

  it("accepts a BOM at the start of the file and cells quoted without need", () => {
    const text = `\ufeff${HEADER}"k1","",1,2,3,"x"\r\n`;
    expect(csvCodec.decode(text)).toEqual([
      { key: "k1", owner: null, createdAt: 1, expiresAt: 2, version: 3, payload: "x" },
    ]);
  });

  it("keeps a BOM at the start of a cell", () => {
    const text = `${HEADER}\ufeffk,\ufeffo,1,2,3,\ufeffp\r\n`;
    expect(csvCodec.decode(text)[0]).toMatchObject({
      key: "\ufeffk",
      owner: "\ufeffo",
      payload: "\ufeffp",
    });
  });
});

describe("csvCodec refuses corrupt files with line and column", () => {
  const SECRET = "s3cr3t-session-data";
  const row = (cells: Partial<Record<string, string>> = {}): string =>
    [
      cells.key ?? "k",
      cells.owner ?? "o",
      cells.created_at ?? "1",
      cells.expires_at ?? "2",
      cells.version ?? "1",
      cells.payload ?? `"${SECRET}"`,
    ].join(",") + "\r\n";
  // A row spanning three lines first, so line numbers must count line breaks inside cells.
  const first = `k0,o,1,2,1,"a\r\nb\nc ${SECRET}"\r\n`;
  const cases: [string, string, number, string | undefined][] = [
    ["an empty file", "", 1, undefined],
    ["a BOM only", "\ufeff", 1, undefined],
    ["a header without CRLF", "key,owner,created_at,expires_at,version,payload", 1, undefined],
    ["a wrong header", "key,owner,created,expires_at,version,payload\r\n", 1, undefined],
    ["reordered columns", "owner,key,created_at,expires_at,version,payload\r\n", 1, undefined],
    ["an extra column", `${HEADER.trimEnd()},extra\r\n`, 1, undefined],
    ["LF line ends", `${HEADER.trimEnd()}\n${row().trimEnd()}\n`, 1, undefined],
    ["a row with five cells", `${HEADER}${first}k,o,1,2,1\r\n`, 5, undefined],
    ["a row with seven cells", `${HEADER}${first}${row().trimEnd()},x\r\n`, 5, undefined],
    ["a blank line", `${HEADER}${first}\r\n`, 5, undefined],
    ["a fraction", HEADER + first + row({ created_at: "1.5" }), 5, "created_at"],
    ["a word for a number", HEADER + first + row({ expires_at: SECRET }), 5, "expires_at"],
    ["an empty number", HEADER + first + row({ version: "" }), 5, "version"],
    ["a negative time", HEADER + first + row({ created_at: "'-1" }), 5, "created_at"],
    ["version 0", HEADER + first + row({ version: "0" }), 5, "version"],
    ["an empty key", HEADER + first + row({ key: "" }), 5, "key"],
    ["an empty payload", HEADER + first + row({ payload: "" }), 5, "payload"],
    ["a duplicate key", HEADER + first + row({ key: "k0" }), 5, "key"],
    ["an unescaped formula", HEADER + first + row({ payload: `=${SECRET}` }), 5, "payload"],
    ["a stray apostrophe", HEADER + first + row({ owner: `'${SECRET}` }), 5, "owner"],
    ["a bad JSON form", HEADER + first + row({ payload: `'"${SECRET}` }), 5, "payload"],
    ["an unquoted LF", HEADER + first + row({ owner: `a\nb${SECRET}` }), 5, undefined],
    [
      "an unquoted LF in the last cell",
      HEADER + first + row({ payload: `a\nb${SECRET}` }),
      5,
      "payload",
    ],
    ["an unquoted CR", HEADER + first + row({ key: `a\rb${SECRET}` }), 5, undefined],
    ["a quote in an unquoted cell", HEADER + first + row({ owner: `a"${SECRET}` }), 5, "owner"],
    ["text after a closing quote", HEADER + first + row({ owner: `"a"${SECRET}` }), 5, "owner"],
    ["an unterminated quote", `${HEADER}${first}k,o,1,2,1,"${SECRET}`, 5, "payload"],
    ["a truncated quoted row", `${HEADER}${first}k,o,1,2,1,"${SECRET}\r\n`, 5, "payload"],
    ["a missing final CRLF", `${HEADER}${first}k,o,1,2,1,${SECRET}`, 5, "payload"],
    ["a final CR without LF", `${HEADER}${first}k,o,1,2,1,${SECRET}\r`, 5, "payload"],
    ["a row cut mid-way", `${HEADER}${first}k,o,1`, 5, undefined],
    ["a lone surrogate in the text", `${HEADER}${first}k,o,1,2,1,x\ud800\r\n`, 5, undefined],
  ];

  it.each(cases)("%s", (_name, text, line, field) => {
    let error: unknown;
    try {
      csvCodec.decode(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FileCorruptError);
    const corrupt = error as FileCorruptError;
    expect(corrupt.code).toBe("CORRUPT_RECORD");
    expect(corrupt.driver).toBe("csv");
    expect({ line: corrupt.line, field: corrupt.field }).toEqual({ line, field });
    expect(corrupt.message).toContain(`line ${line}`);
    expect(corrupt.message).not.toContain(SECRET);
    expect(corrupt.cause).toBeUndefined();
  });
});

describe("csvCodec refuses records it cannot write", () => {
  const cases: [string, Partial<StoredSession>, string][] = [
    ["a fractional time", { createdAt: 1.5 }, "created_at"],
    ["an unsafe integer", { expiresAt: 2 ** 53 }, "expires_at"],
    ["NaN", { version: Number.NaN }, "version"],
    ["a number as key", { key: 5 as unknown as string }, "key"],
    ["an object as owner", { owner: {} as unknown as string }, "owner"],
    ["undefined payload", { payload: undefined as unknown as string }, "payload"],
  ];

  it.each(cases)("%s", (_name, init, column) => {
    const records = [record("fine"), record("bad", init)];
    let error: unknown;
    try {
      csvCodec.encode(records);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({ record: 2, field: column });
  });
});
