import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { memoryDriver, migrate, type SessionDriver, type StoredSession } from "@sessions/core";
import { FileCorruptError } from "@sessions/file-store";
import { scanAll, sortByKey } from "@sessions/test-suite";
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvCodec, csvDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";
import { FORMULA_STARTS, HOSTILE_VALUES, randomStrings } from "./hostile.js";
import { HEADER, record, sameRecords } from "./records.js";

const temp = tempDir("driver");
afterAll(() => temp.remove());
const opened: SessionDriver[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((driver) => driver.close()));
});

let files = 0;
const freshPath = (): string => join(temp.dir, `store-${++files}.csv`);
const open = (path: string, compactBytes?: number) => {
  const driver = csvDriver(compactBytes === undefined ? { path } : { path, compactBytes });
  opened.push(driver);
  return driver;
};
const NOW = 1_893_456_000_000;

/** Hostile values in every text field, unique keys. */
function hostileRecords(): StoredSession[] {
  const values = [...HOSTILE_VALUES, ...randomStrings(300, 77)];
  return values.map((value, index) =>
    record(`${index}`, {
      key: `${value}#${index}`,
      owner: index % 5 === 0 ? null : value,
      payload: value,
    }),
  );
}

describe("csvDriver", () => {
  it("is a file driver named csv, shared across processes", () => {
    const driver = open(freshPath());
    expect(driver.name).toBe("csv");
    expect(driver.capabilities).toEqual({ nativeTtl: false, crossProcess: true });
    expect(driver.contract).toBe(1);
  });

  it("writes a file a standard CSV reader opens with the header and six columns", async () => {
    const path = freshPath();
    const driver = open(path);
    const records = [...hostileRecords(), record("plain", { payload: '{"v":1}\n{"a":[1]}' })];
    for (const r of records) expect(await driver.insert(r, NOW)).toBe(true);
    await driver.compact();
    const rows = parse(readFileSync(path, "utf8")) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(records.length + 1);
    for (const row of rows) expect(row).toHaveLength(6);
    // A plain record reads as itself: numbers in decimal, no escape in the way.
    expect(rows.find((row) => row[0] === "default:s:plain")).toEqual([
      "default:s:plain",
      "default:alice",
      String(NOW),
      String(NOW + 3_600_000),
      "1",
      '{"v":1}\n{"a":[1]}',
    ]);
  });

  it("never stores a cell starting with = + - @, tab or CR", async () => {
    const path = freshPath();
    const driver = open(path);
    for (const r of hostileRecords()) await driver.insert(r, NOW);
    await driver.compact();
    const rows = parse(readFileSync(path, "utf8")) as string[][];
    for (const row of rows) {
      for (const cell of row) {
        expect(FORMULA_STARTS.includes(cell.charAt(0)), JSON.stringify(cell)).toBe(false);
      }
    }
  });

  it("carries hostile values byte for byte through the file into a fresh driver", async () => {
    const path = freshPath();
    const records = hostileRecords();
    const writer = open(path);
    for (const r of records) await writer.insert(r, NOW);
    await writer.compact();
    await writer.close();
    // A new driver has only the file (the journal is empty after compaction): decode path.
    const reader = open(path);
    const back = sortByKey(await scanAll(reader));
    expect(sameRecords(back, sortByKey(records))).toBe(true);
  });

  it("reads a hand-written file (escaped formulas, null and empty owners, a BOM)", async () => {
    const path = freshPath();
    writeFileSync(
      path,
      `\ufeff${HEADER}default:s:a,"'=HYPERLINK(""x"")",${NOW},${NOW + 1000},2,'@payload\r\n` +
        `default:s:b,,${NOW},${NOW + 1000},1,"{""v"":1}\n{}"\r\n`,
    );
    const driver = open(path);
    expect(await driver.get("default:s:a", NOW)).toEqual({
      key: "default:s:a",
      owner: '=HYPERLINK("x")',
      createdAt: NOW,
      expiresAt: NOW + 1000,
      version: 2,
      payload: "@payload",
    });
    expect((await driver.get("default:s:b", NOW))?.owner).toBeNull();
    expect(await driver.listByOwner('=HYPERLINK("x")', NOW)).toHaveLength(1);
  });

  it("fails closed on a corrupt file: typed error with line and column, bytes kept", async () => {
    const path = freshPath();
    const text = `${HEADER}default:s:a,o,${NOW},${NOW + 1000},1,x\r\ndefault:s:b,o,${NOW},oops,1,y\r\n`;
    writeFileSync(path, text);
    const driver = open(path);
    const error = await driver.get("default:s:a", NOW).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileCorruptError);
    expect(error).toMatchObject({ code: "CORRUPT_RECORD", line: 3, field: "expires_at" });
    await expect(driver.insert(record("new"), NOW)).rejects.toBeInstanceOf(FileCorruptError);
    await expect(driver.clear()).rejects.toBeInstanceOf(FileCorruptError);
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("fails closed on bytes that are not UTF-8 inside a payload, naming the line, bytes kept", async () => {
    const path = freshPath();
    const text = csvCodec.encode([record("a"), record("b", { payload: '{"n":"café"}' })]);
    const bytes = Buffer.from(text, "utf8");
    // "é" (C3 A9) becomes C3 28: a lead byte without its continuation, not a U+FFFD to load.
    bytes[bytes.indexOf(Buffer.from("é")) + 1] = 0x28;
    writeFileSync(path, bytes);
    const driver = open(path);
    const error = await driver.count(NOW).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileCorruptError);
    expect(error).toMatchObject({ code: "CORRUPT_RECORD", line: 3, file: path });
    await expect(driver.insert(record("c"), NOW)).rejects.toBeInstanceOf(FileCorruptError);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("accepts a valid UTF-8 hand edit of a value (the file is meant to be edited)", async () => {
    const path = freshPath();
    writeFileSync(
      path,
      csvCodec.encode([record("a", { payload: "cafe" })]).replace("cafe", "café"),
    );
    expect((await open(path).get(record("a").key, NOW))?.payload).toBe("café");
  });

  it("fails closed on a truncated file and never writes an empty store over it", async () => {
    const path = freshPath();
    const full = csvCodec.encode([record("a"), record("b", { payload: 'x "quoted"' })]);
    const truncated = full.slice(0, full.length - 6);
    writeFileSync(path, truncated);
    const driver = open(path);
    const error = await driver.count(NOW).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileCorruptError);
    expect(error).toMatchObject({ line: 3, field: "payload" });
    await expect(driver.insert(record("c"), NOW)).rejects.toBeInstanceOf(FileCorruptError);
    await expect(driver.compact()).rejects.toBeInstanceOf(FileCorruptError);
    expect(readFileSync(path, "utf8")).toBe(truncated);
  });

  it("exports and imports through migrate() byte for byte", async () => {
    const source = memoryDriver();
    const records = hostileRecords().map((r, index) => ({ ...r, version: index + 1 }));
    for (const r of records) await source.insert(r, NOW);
    const path = freshPath();
    const exported = open(path);
    const clock = { now: () => NOW };
    expect(await migrate(source, exported, { clock })).toMatchObject({ imported: records.length });
    await exported.compact();
    await exported.close();
    expect(existsSync(path)).toBe(true);

    const target = memoryDriver();
    expect(await migrate(open(path), target, { clock })).toMatchObject({
      imported: records.length,
    });
    expect(sameRecords(sortByKey(await scanAll(target)), sortByKey(records))).toBe(true);
    await source.close();
    await target.close();
  });

  it("compacts through the codec on every write with compactBytes 0 and stays exact", async () => {
    const path = freshPath();
    const driver = open(path, 0);
    const records = hostileRecords().slice(0, 80);
    for (const r of records) await driver.insert(r, NOW);
    for (const r of records.slice(0, 40)) {
      expect(
        await driver.compareAndSet({ ...r, version: 2, payload: `${r.payload}!` }, 1, NOW),
      ).toBe(true);
    }
    // Compaction ran by itself: the readable file already holds records.
    expect(csvCodec.decode(readFileSync(path, "utf8")).length).toBeGreaterThan(0);
    const reopened = open(path);
    const back = sortByKey(await scanAll(reopened));
    const expected = sortByKey(
      records.map((r, index) => (index < 40 ? { ...r, version: 2, payload: `${r.payload}!` } : r)),
    );
    expect(sameRecords(back, expected)).toBe(true);
  });
});
