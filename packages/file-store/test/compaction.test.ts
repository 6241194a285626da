import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname } from "node:path";
import type { StoredSession } from "@sessions/core";
import { describe, expect, it } from "vitest";
import { createFileDriver, type FileCodec } from "../src/index.js";
import { encodeEntry } from "../src/journal.js";
import { freshPath, NOW, record, testCodec } from "./helpers.js";

/**
 * testCodec, running `during` inside each compaction's encode (the moment the lock must be
 * free); the empty document written when a store is created is not counted.
 */
function hookedCodec(during: (records: readonly StoredSession[], call: number) => void): FileCodec {
  let calls = 0;
  return {
    ...testCodec,
    encode(records) {
      if (records.length > 0) during(records, ++calls);
      return testCodec.encode(records);
    },
  };
}

const keysIn = (path: string) => testCodec.decode(readFileSync(path, "utf8")).map((r) => r.key);
const tempFiles = (path: string) =>
  readdirSync(dirname(path)).filter((name) => name.endsWith(".tmp"));

describe("compaction", () => {
  it("encodes without the file lock: another process can write meanwhile", async () => {
    const path = freshPath("unlocked");
    const lockSeen: boolean[] = [];
    const codec = hookedCodec(() => lockSeen.push(existsSync(`${path}.lock`)));
    const driver = createFileDriver({ path, codec });
    for (const label of ["a", "b"]) await driver.insert(record(label), NOW);
    await driver.compact();
    expect(lockSeen).toEqual([false]);
    await driver.close();
  });

  it("keeps the lines appended after the capture in the new journal, not in the file", async () => {
    const path = freshPath("tail");
    const codec = hookedCodec((_, call) => {
      // Another process appending while this one encodes (the lock is free).
      if (call === 1) appendFileSync(`${path}.journal`, encodeEntry({ put: record("foreign") }));
    });
    const driver = createFileDriver({ path, codec });
    for (const label of ["a", "b"]) await driver.insert(record(label), NOW);
    await driver.compact();
    expect(keysIn(path)).toEqual([record("a").key, record("b").key]);
    expect(readFileSync(`${path}.journal`, "utf8")).toBe(encodeEntry({ put: record("foreign") }));
    expect(await driver.get(record("foreign").key, NOW)).toEqual(record("foreign"));
    const other = createFileDriver({ path, codec: testCodec });
    expect(await other.count(NOW)).toBe(3);
    await other.close();
    await driver.close();
  });

  it("writes of this process during a background compaction land and survive", async () => {
    const path = freshPath("background");
    const pending: Promise<unknown>[] = [];
    let driver: ReturnType<typeof createFileDriver> | undefined;
    const codec = hookedCodec((_, call) => {
      if (call !== 1) return;
      pending.push(driver!.insert(record("during"), NOW));
      pending.push(driver!.delete(record("w0").key));
    });
    // Compacts by itself as soon as the journal outgrows the file.
    driver = createFileDriver({ path, codec, compactBytes: 0 });
    for (let i = 0; i < 5; i++) await driver.insert(record(`w${i}`), NOW);
    // Waits for the background compaction (and folds what is left).
    await driver.compact();
    expect(pending).toHaveLength(2);
    expect(await Promise.all(pending)).toEqual([true, true]);
    expect(await driver.get(record("during").key, NOW)).not.toBeNull();
    expect(await driver.get(record("w0").key, NOW)).toBeNull();
    const other = createFileDriver({ path, codec: testCodec });
    expect(await other.get(record("during").key, NOW)).not.toBeNull();
    expect(await other.get(record("w0").key, NOW)).toBeNull();
    expect(await other.count(NOW)).toBe(5);
    await other.close();
    await driver.close();
    expect(tempFiles(path)).toEqual([]);
  });

  it("discards its temp file when another process compacted meanwhile, then compacts again", async () => {
    const path = freshPath("raced");
    const codec = hookedCodec((records, call) => {
      if (call !== 1) return;
      // Another process's whole compaction: a new data file (with one write of its own),
      // then a new empty journal, each renamed into place.
      writeFileSync(`${path}.other`, testCodec.encode([...records, record("z-other")]));
      renameSync(`${path}.other`, path);
      writeFileSync(`${path}.other`, "");
      renameSync(`${path}.other`, `${path}.journal`);
    });
    const driver = createFileDriver({ path, codec });
    for (const label of ["a", "b"]) await driver.insert(record(label), NOW);
    await driver.compact();
    // Ours was discarded; the retry finds the other's file complete, with nothing to fold.
    expect(keysIn(path)).toEqual([record("a").key, record("b").key, record("z-other").key]);
    expect(await driver.count(NOW)).toBe(3);
    expect(tempFiles(path)).toEqual([]);
    await driver.close();
  });

  it("a failing encode leaves both files as they were and no temp file", async () => {
    const path = freshPath("encode-fails");
    let fail = false;
    const codec = hookedCodec(() => {
      if (fail) throw new Error("encode failed");
    });
    const driver = createFileDriver({ path, codec });
    await driver.insert(record("a"), NOW);
    const before = { data: readFileSync(path), journal: readFileSync(`${path}.journal`) };
    fail = true;
    await expect(driver.compact()).rejects.toMatchObject({ code: "STORE_FAILURE" });
    expect(readFileSync(path).equals(before.data)).toBe(true);
    expect(readFileSync(`${path}.journal`).equals(before.journal)).toBe(true);
    expect(tempFiles(path)).toEqual([]);
    fail = false;
    await driver.close();
    expect(keysIn(path)).toEqual([record("a").key]);
  });
});
