import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FileCorruptError } from "@sessions/file-store";
import { afterAll, describe, expect, it } from "vitest";
import { jsonCodec, jsonDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

const temp = tempDir("hardening");
afterAll(() => temp.remove());
const NOW = 1_900_000_000_000;
const CANARY = "CNRY7";
const record = (key: string, payload: string) => ({
  key: `default:s:${key}`,
  owner: null,
  createdAt: NOW,
  expiresAt: NOW + 3_600_000,
  version: 1,
  payload,
});

/** Message, stack and cause chain of `error`, as one text. */
function everything(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    parts.push(String((e as Error).message), String((e as Error).stack), JSON.stringify(e));
  }
  return parts.join("\n");
}

describe("json file hardening", () => {
  it("bytes that are not UTF-8 inside a payload: open fails closed, naming the line, bytes kept", async () => {
    const path = join(temp.dir, "invalid-utf8.json");
    const text = jsonCodec.encode([record("a", '{"n":"ok"}'), record("b", '{"n":"café"}')]);
    const bytes = Buffer.from(text, "utf8");
    // "é" (C3 A9) becomes C3 28: a lead byte without its continuation.
    const at = bytes.indexOf(Buffer.from("é"));
    bytes[at + 1] = 0x28;
    writeFileSync(path, bytes);
    const driver = jsonDriver({ path });
    const error = await driver.count(NOW).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileCorruptError);
    expect(error).toMatchObject({ code: "CORRUPT_RECORD", line: 6, file: path });
    await expect(driver.insert(record("c", "{}"), NOW)).rejects.toBeInstanceOf(FileCorruptError);
    await driver.close();
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("a valid UTF-8 hand edit of a value is accepted (the file is meant to be edited)", async () => {
    const path = join(temp.dir, "hand-edit.json");
    writeFileSync(path, jsonCodec.encode([record("a", '{"n":"cafe"}')]).replace("cafe", "café"));
    const driver = jsonDriver({ path });
    expect((await driver.get(record("a", "").key, NOW))?.payload).toBe('{"n":"café"}');
    await driver.close();
  });

  it("a syntax error next to a stored value: the error quotes nothing of the file (LG-1)", async () => {
    const path = join(temp.dir, "canary.json");
    const text = jsonCodec
      .encode([record("a", CANARY)])
      .replace(`"payload":"${CANARY}"`, `"payload":#"${CANARY}"`);
    // The point of the check: V8's own message quotes the bytes around the error.
    expect(() => JSON.parse(text)).toThrow(CANARY);
    writeFileSync(path, text);
    const driver = jsonDriver({ path });
    const error = await driver.count(NOW).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "CORRUPT_RECORD" });
    expect(everything(error)).not.toContain(CANARY);
    await driver.close();
  });
});
