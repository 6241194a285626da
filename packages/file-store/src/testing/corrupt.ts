import { existsSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { SessionStoreError, type StoredSession } from "@sessions/core";
import { describe, expect, it } from "vitest";
import { FileCorruptError } from "../errors.js";
import type { FaultContext } from "./context.js";

const NOW = 1_900_000_000_000;
const HOUR = 3_600_000;
// Quotes and a comma force quoting in every text format, so a cut inside it is detectable.
const MARKER = 'marker "quoted, with a comma" and more text after it';

const record = (key: string, payload = `{"k":"${key}"}`): StoredSession => ({
  key: `default:s:${key}`,
  owner: "default:alice",
  createdAt: NOW,
  expiresAt: NOW + HOUR,
  version: 1,
  payload,
});

/** Every call rejects with the corrupt-file error, and the files keep their bytes. */
async function expectFailsClosed(ctx: FaultContext, path: string): Promise<void> {
  const before = readFileSync(path);
  const journal = existsSync(`${path}.journal`) ? readFileSync(`${path}.journal`) : null;
  const driver = await ctx.open(path);
  const calls = [
    () => driver.get(record("a").key, NOW),
    () => driver.count(NOW),
    () => driver.insert(record("new"), NOW),
    () => driver.clear(),
    () => driver.deleteExpired(NOW),
  ];
  for (const call of calls) {
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileCorruptError);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect((error as FileCorruptError).code).toBe("CORRUPT_RECORD");
    expect((error as Error).message).not.toContain(MARKER);
  }
  await driver.close();
  expect(readFileSync(path).equals(before), "the corrupt file was rewritten").toBe(true);
  if (journal === null) expect(existsSync(`${path}.journal`)).toBe(false);
  else
    expect(readFileSync(`${path}.journal`).equals(journal), "the journal was rewritten").toBe(true);
}

/** A cleanly closed store holding three records, the last with the marker payload. */
async function storeWithRecords(ctx: FaultContext, label: string): Promise<string> {
  const path = ctx.path(label);
  const driver = await ctx.open(path);
  for (const key of ["a", "b"]) await driver.insert(record(key), NOW);
  await driver.insert(record("c", JSON.stringify({ note: MARKER })), NOW);
  await driver.close();
  return path;
}

/** Corrupt, truncated or missing files fail closed; a torn journal tail is recovered. */
export function corruptChecks(ctx: FaultContext): void {
  describe("a corrupt file fails closed, is never overwritten, keeps its bytes", () => {
    it("truncated inside a record", async () => {
      const path = await storeWithRecords(ctx, "truncated");
      const text = readFileSync(path, "utf8");
      truncateSync(path, Buffer.byteLength(text.slice(0, text.indexOf("with a comma"))));
      await expectFailsClosed(ctx, path);
    });

    it("empty (0 bytes)", async () => {
      const path = await storeWithRecords(ctx, "empty");
      truncateSync(path, 0);
      await expectFailsClosed(ctx, path);
    });

    it("binary garbage", async () => {
      const path = await storeWithRecords(ctx, "garbage");
      writeFileSync(path, Buffer.from([0, 1, 2, 0xff, 0xfe, 0x22, 0x2c, 0x0a, 0]));
      await expectFailsClosed(ctx, path);
    });

    it("two records with one key", async () => {
      const path = ctx.path("duplicate");
      writeFileSync(path, ctx.options.codec.encode([record("a"), record("a")]));
      await expectFailsClosed(ctx, path);
    });

    it("the journal exists with data but the data file is gone", async () => {
      const path = ctx.path("missing");
      const driver = await ctx.open(path);
      await driver.insert(record("a"), NOW);
      // Leave the journal as a crash would (no close: close would compact it away).
      const journal = readFileSync(`${path}.journal`);
      await driver.close();
      writeFileSync(`${path}.journal`, journal);
      unlinkSync(path);
      const reopened = await ctx.open(path);
      await expect(reopened.count(NOW)).rejects.toBeInstanceOf(FileCorruptError);
      await reopened.close();
      expect(readFileSync(`${path}.journal`).equals(journal)).toBe(true);
    });

    for (const { label, text } of ctx.options.corruptDocuments ?? []) {
      it(label, async () => {
        const path = ctx.path("document");
        writeFileSync(path, text);
        await expectFailsClosed(ctx, path);
      });
    }
  });

  describe("the journal", () => {
    /** A store whose journal holds three writes (the data file holds none). */
    async function withJournal(label: string): Promise<{ path: string; journal: string }> {
      const path = ctx.path(label);
      const driver = await ctx.open(path);
      for (const key of ["a", "b", "c"]) await driver.insert(record(key), NOW);
      const journal = readFileSync(`${path}.journal`, "utf8");
      await driver.close();
      writeFileSync(`${path}.journal`, journal);
      writeFileSync(path, ctx.options.codec.encode([]));
      return { path, journal };
    }

    it("a damaged line followed by intact ones is corruption: fails closed", async () => {
      const { path, journal } = await withJournal("journal-middle");
      const lines = journal.split("\n");
      lines[1] = lines[1]!.replace("default:s:b", "default:s:B");
      writeFileSync(`${path}.journal`, lines.join("\n"));
      await expectFailsClosed(ctx, path);
    });

    it("a torn last line (a write cut by a crash, never acknowledged) is dropped, the rest kept", async () => {
      const { path, journal } = await withJournal("journal-torn");
      writeFileSync(`${path}.journal`, journal.slice(0, journal.length - 10));
      const driver = await ctx.open(path);
      expect(await driver.get(record("a").key, NOW)).not.toBeNull();
      expect(await driver.get(record("b").key, NOW)).not.toBeNull();
      expect(await driver.get(record("c").key, NOW)).toBeNull();
      // The next write cuts the torn bytes first, so its line is whole.
      expect(await driver.insert(record("d"), NOW)).toBe(true);
      const text = readFileSync(`${path}.journal`, "utf8");
      expect(text.endsWith("\n")).toBe(true);
      expect(text.split("\n")).toHaveLength(4);
      await driver.close();
      const reopened = await ctx.open(path);
      expect(await reopened.count(NOW)).toBe(3);
      await reopened.close();
    });
  });
}
