import type { StoredSession } from "@sessions/core";
import { describe, expect, it } from "vitest";
import { jsonCodec } from "../src/index.js";

const record = (key: string, version = 1): StoredSession => ({
  key: `default:s:${key}`,
  owner: null,
  createdAt: 1,
  expiresAt: 2,
  version,
  payload: "{}",
});
const failure = (text: string) => {
  try {
    jsonCodec.decode(text);
  } catch (error) {
    return error as { code: string; line?: number; field?: string };
  }
  throw new Error("decoded");
};

describe("jsonCodec", () => {
  it("round-trips records, one per line, and an empty store", () => {
    const records = [record("a"), record("b", 2)];
    const text = jsonCodec.encode(records);
    expect(text.split("\n")[4]!.trim()).toBe(`${JSON.stringify(records[0])},`);
    expect(jsonCodec.decode(text)).toEqual(records);
    expect(jsonCodec.decode(jsonCodec.encode([]))).toEqual([]);
  });

  it("names the file line and field of a bad record, a duplicate key and a bad header", () => {
    const text = jsonCodec.encode([record("a"), record("b", 2), record("a")]);
    expect(failure(text.replace('"version":2,', '"version":"2",'))).toMatchObject({
      code: "CORRUPT_RECORD",
      line: 6,
      field: "version",
    });
    expect(failure(text)).toMatchObject({ line: 7, field: "records[2].key" });
    expect(failure(text.replace('"version": 1', '"version": 2'))).toMatchObject({
      line: 3,
      field: "version",
    });
    const proto = text.replace('{"key":"default:s:b"', '{"__proto__":{},"key":"default:s:b"');
    expect(failure(proto)).toMatchObject({ line: 6, field: "records[1].__proto__" });
    expect(failure(text.slice(0, 100))).toMatchObject({ code: "CORRUPT_RECORD" });
  });
});
