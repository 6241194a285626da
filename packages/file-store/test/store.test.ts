import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { deadPid, freshPath, NOW, record, testCodec } from "./helpers.js";

const open = (path: string, options = {}) =>
  createFileDriver({ path, codec: testCodec, ...options });

describe("file store", () => {
  it("64 concurrent writes share appends (group commit) and all land", async () => {
    const path = freshPath("group");
    const driver = open(path);
    await driver.count(NOW);
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => driver.insert(record(`g${i}`), NOW)),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(readFileSync(`${path}.journal`, "utf8").split("\n")).toHaveLength(65);
    await driver.close();
    // close() compacts: the readable file alone holds everything, the journal is empty.
    expect(testCodec.decode(readFileSync(path, "utf8"))).toHaveLength(64);
    expect(readFileSync(`${path}.journal`, "utf8")).toBe("");
  });

  it("a crash between compaction's two renames (new file, old journal) loses and revives nothing", async () => {
    const path = freshPath("window");
    const driver = open(path);
    for (const label of ["a", "b", "c"]) await driver.insert(record(label), NOW);
    await driver.delete(record("b").key);
    await driver.compareAndSet(record("c", { version: 2, payload: "{}" }), 1, NOW);
    const oldJournal = readFileSync(`${path}.journal`);
    await driver.compact();
    // Put the pre-compaction journal back beside the compacted file: the state a kill between
    // the data file's rename and the journal's would leave.
    writeFileSync(`${path}.journal`, oldJournal);
    await driver.close();
    const reopened = open(path);
    expect(await reopened.get(record("a").key, NOW)).toEqual(record("a"));
    expect(await reopened.get(record("b").key, NOW)).toBeNull();
    expect((await reopened.get(record("c").key, NOW))?.version).toBe(2);
    expect(await reopened.count(NOW)).toBe(2);
    await reopened.close();
  });

  it("a crash after the rename, with lines appended during the compaction in the old journal, loses and revives nothing", async () => {
    const path = freshPath("window-tail");
    const driver = open(path);
    for (const label of ["a", "b", "c"]) await driver.insert(record(label), NOW);
    const captured = readFileSync(`${path}.journal`);
    await driver.compact();
    // Lines another process appended after the capture, which the new journal carries over.
    await driver.delete(record("a").key);
    await driver.compareAndSet(record("b", { version: 2, payload: "{}" }), 1, NOW);
    await driver.insert(record("d"), NOW);
    const tail = readFileSync(`${path}.journal`);
    // The old journal still holds everything when the crash comes between the data file's
    // rename and the journal's replacement.
    writeFileSync(`${path}.journal`, Buffer.concat([captured, tail]));
    await driver.close();
    const reopened = open(path);
    expect(await reopened.get(record("a").key, NOW)).toBeNull();
    expect((await reopened.get(record("b").key, NOW))?.version).toBe(2);
    expect(await reopened.get(record("c").key, NOW)).toEqual(record("c"));
    expect(await reopened.get(record("d").key, NOW)).toEqual(record("d"));
    expect(await reopened.count(NOW)).toBe(3);
    await reopened.close();
  });

  it("compacts by itself once the journal outgrows the file, and another driver follows", async () => {
    const path = freshPath("auto");
    const writer = open(path, { compactBytes: 512 });
    const reader = open(path);
    for (let i = 0; i < 40; i++) await writer.insert(record(`r${i}`), NOW);
    expect(testCodec.decode(readFileSync(path, "utf8")).length).toBeGreaterThan(0);
    expect(await reader.count(NOW)).toBe(40);
    await writer.insert(record("late"), NOW);
    expect(await reader.get(record("late").key, NOW)).not.toBeNull();
    await writer.close();
    await reader.close();
  });

  it("removes leftover temp files on open, and only those", async () => {
    const path = freshPath("temp");
    const first = open(path);
    await first.count(NOW);
    await first.close();
    const dir = dirname(path);
    writeFileSync(`${path}.0123456789abcdef.tmp`, "partial");
    writeFileSync(`${path}.journal.0123456789abcdef.tmp`, "");
    writeFileSync(`${path}.lock.break.0123456789abcdef.tmp`, "");
    // A compaction's temp file is removed once its process is gone, never while it runs.
    writeFileSync(`${path}.compact.${deadPid()}.0.0123456789abcdef.tmp`, "crashed");
    const running = `sessions.test.compact.${process.pid}.0.0123456789abcdef.tmp`;
    writeFileSync(`${dir}/${running}`, "being written");
    writeFileSync(`${dir}/unrelated.tmp`, "keep");
    copyFileSync(path, `${path}.backup`);
    const driver = open(path);
    await driver.count(NOW);
    expect(readdirSync(dir).sort()).toEqual(
      [
        "sessions.test",
        "sessions.test.backup",
        "sessions.test.journal",
        running,
        "unrelated.tmp",
      ].sort(),
    );
    await driver.close();
  });

  it("rejects bad options with CONFIG", () => {
    expect(() => open("")).toThrow(expect.objectContaining({ code: "CONFIG" }));
    expect(() => open(freshPath("opt"), { lockTimeoutMs: -1 })).toThrow(
      expect.objectContaining({ code: "CONFIG" }),
    );
  });
});
