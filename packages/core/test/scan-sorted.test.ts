import { describe, expect, it } from "vitest";
import { type StoredSession, scanSortedKeys } from "../src/index.js";

const record = (key: string): StoredSession => ({
  key,
  owner: null,
  createdAt: 0,
  expiresAt: 1,
  version: 1,
  payload: "",
});

const keys = ["a:1", "a:2", "a:3", "b:1", "b:2", "c"];
const table = new Map(keys.map((key) => [key, record(key)]));
const get = (key: string) => table.get(key);
const keysOf = (page: { records: StoredSession[] }) => page.records.map((r) => r.key);

describe("scanSortedKeys", () => {
  it("pages through every key in order, a cursor on each page but the last", () => {
    const first = scanSortedKeys(keys, get, { limit: 4 });
    expect(keysOf(first)).toEqual(["a:1", "a:2", "a:3", "b:1"]);
    expect(first.cursor).toBe("b:1");
    const second = scanSortedKeys(keys, get, { limit: 4, cursor: first.cursor! });
    expect(second).toEqual({ records: [record("b:2"), record("c")] });
  });

  it("keeps to the prefix, and says the scan is complete when no key of it follows", () => {
    const first = scanSortedKeys(keys, get, { limit: 2, prefix: "a:" });
    expect(first).toEqual({ records: [record("a:1"), record("a:2")], cursor: "a:2" });
    const second = scanSortedKeys(keys, get, { limit: 2, prefix: "a:", cursor: "a:2" });
    expect(second).toEqual({ records: [record("a:3")] });
    expect(scanSortedKeys(keys, get, { limit: 10, prefix: "b:" })).toEqual({
      records: [record("b:1"), record("b:2")],
    });
    expect(scanSortedKeys(keys, get, { limit: 10, prefix: "z" })).toEqual({ records: [] });
  });

  it("resumes after a cursor that is no longer a key", () => {
    expect(keysOf(scanSortedKeys(keys, get, { limit: 2, cursor: "a:25" }))).toEqual(["a:3", "b:1"]);
  });

  it("skips keys without a record", () => {
    const page = scanSortedKeys(
      ["a", "gone", "z"],
      (key) => (key === "gone" ? undefined : record(key)),
      {
        limit: 10,
      },
    );
    expect(keysOf(page)).toEqual(["a", "z"]);
  });

  it("works on an empty key list", () => {
    expect(scanSortedKeys([], get, { limit: 5 })).toEqual({ records: [] });
  });
});
