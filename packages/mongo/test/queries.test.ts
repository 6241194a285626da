import { storedRecord } from "@sessions/test-suite";
import { Query, updateOne } from "mingo";
import { Binary } from "mongodb";
import { describe, expect, it } from "vitest";
import {
  countFilter,
  deadFilter,
  expiredFilter,
  expiredIdsFilter,
  expiryDate,
  fromDocument,
  INDEXES,
  keyFilter,
  liveFilter,
  liveOwnerFilter,
  ownerFilter,
  readText,
  type SessionDocument,
  scanFilter,
  storeText,
  toFields,
  touchUpdate,
  versionFilter,
} from "../src/queries.js";

const NOW = 1_900_000_000_000;
const doc = (key: string, expiresAt: number, owner: string | null = "app:alice", version = 1) => ({
  _id: key,
  ...toFields({ key, owner, payload: `{"k":"${key}"}`, createdAt: NOW - 1000, expiresAt, version }),
});
const ids = (filter: object, docs: SessionDocument[]) => {
  const query = new Query(filter as Record<string, unknown>);
  return docs.filter((d) => query.test(d as never)).map((d) => d._id);
};
const docs = (): SessionDocument[] => [
  doc("app:s:live", NOW + 1),
  doc("app:s:edge", NOW), // dead: expiresAt <= now
  doc("app:s:old", NOW - 5),
  doc("app:s:bob", NOW + 10, "app:bob"),
  doc("app:s:none", NOW + 10, null),
  doc("my_app:s:x", NOW - 1),
  doc("myXapp:s:y", NOW - 1),
];

describe("filters, evaluated by mingo", () => {
  it("liveFilter matches only the live record of that key (expiresAt > now)", () => {
    expect(ids(liveFilter("app:s:live", NOW), docs())).toEqual(["app:s:live"]);
    expect(ids(liveFilter("app:s:edge", NOW), docs())).toEqual([]);
    expect(ids(liveFilter("app:s:missing", NOW), docs())).toEqual([]);
  });

  it("deadFilter (insert's upsert filter) matches a dead record, never a live one", () => {
    expect(ids(deadFilter("app:s:edge", NOW), docs())).toEqual(["app:s:edge"]);
    expect(ids(deadFilter("app:s:old", NOW), docs())).toEqual(["app:s:old"]);
    expect(ids(deadFilter("app:s:live", NOW), docs())).toEqual([]);
  });

  it("versionFilter matches a live record of exactly the expected version", () => {
    expect(ids(versionFilter("app:s:live", 1, NOW), docs())).toEqual(["app:s:live"]);
    expect(ids(versionFilter("app:s:live", 2, NOW), docs())).toEqual([]);
    expect(ids(versionFilter("app:s:old", 1, NOW), docs())).toEqual([]);
  });

  it("keyFilter and ownerFilter match by exact string", () => {
    expect(ids(keyFilter("app:s:old"), docs())).toEqual(["app:s:old"]);
    expect(ids(ownerFilter("app:alice"), docs())).toEqual([
      "app:s:live",
      "app:s:edge",
      "app:s:old",
      "my_app:s:x",
      "myXapp:s:y",
    ]);
    expect(ids(liveOwnerFilter("app:alice", NOW), docs())).toEqual(["app:s:live"]);
    expect(ids(liveOwnerFilter("app:bob", NOW), docs())).toEqual(["app:s:bob"]);
  });

  it("prefix filters are anchored and escape regex metacharacters (_ . are literal)", () => {
    expect(ids(expiredFilter(NOW), docs()).sort()).toEqual([
      "app:s:edge",
      "app:s:old",
      "myXapp:s:y",
      "my_app:s:x",
    ]);
    expect(ids(expiredFilter(NOW, "my_app:"), docs())).toEqual(["my_app:s:x"]);
    expect(ids(expiredFilter(NOW, "s:"), docs())).toEqual([]);
    expect(ids(countFilter(NOW, "app:"), docs()).sort()).toEqual([
      "app:s:bob",
      "app:s:live",
      "app:s:none",
    ]);
    expect(ids(countFilter(NOW), docs())).toHaveLength(3);
    const dotted = [doc("a.b:1", NOW + 1), doc("aXb:1", NOW + 1), doc("(a)+:1", NOW + 1)];
    expect(ids(countFilter(NOW, "a.b:"), dotted)).toEqual(["a.b:1"]);
    expect(ids(countFilter(NOW, "(a)+:"), dotted)).toEqual(["(a)+:1"]);
  });

  it("scanFilter combines the prefix with the cursor (strictly after it)", () => {
    expect(scanFilter()).toEqual({});
    expect(ids(scanFilter("app:", "app:s:live"), docs()).sort()).toEqual([
      "app:s:none",
      "app:s:old",
    ]);
    expect(ids(scanFilter("", "my"), docs()).sort()).toEqual(["myXapp:s:y", "my_app:s:x"]);
  });

  it("expiredIdsFilter re-checks expiry, so a record touched meanwhile survives the batch", () => {
    const set = docs();
    expect(ids(expiredIdsFilter(["app:s:old", "app:s:live"], NOW), set)).toEqual(["app:s:old"]);
  });

  it("touchUpdate moves expiresAt and the TTL date, nothing else (mingo updateOne)", () => {
    const set = docs();
    const before = { ...set[0]! };
    const result = updateOne(
      set as never[],
      liveFilter("app:s:live", NOW) as never,
      touchUpdate(NOW + 500) as never,
    );
    expect(result.matchedCount).toBe(1);
    expect(set[0]).toEqual({ ...before, expiresAt: NOW + 500, expires: new Date(NOW + 500) });
    const missed = updateOne(
      set as never[],
      liveFilter("app:s:old", NOW) as never,
      touchUpdate(NOW + 500) as never,
    );
    expect(missed.matchedCount).toBe(0);
    expect(set[2]!.expiresAt).toBe(NOW - 5);
  });
});

describe("documents", () => {
  it("round-trip every field; the TTL date is expiresAt rounded up", () => {
    const record = storedRecord("one", NOW, { owner: "default:alice" });
    expect(fromDocument({ _id: record.key, ...toFields(record) })).toEqual(record);
    expect(expiryDate(NOW + 0.2).getTime()).toBe(NOW + 1);
    expect(toFields(record).expires.getTime()).toBe(record.expiresAt);
  });

  it("keep text with lone surrogates as UTF-16 binary, and well-formed text as strings", () => {
    expect(storeText("héllo 😀")).toBe("héllo 😀");
    for (const text of ["\ud800", "a\udc00b", "\udc00\ud800", "x\ud83d"]) {
      const stored = storeText(text);
      expect(stored).toBeInstanceOf(Binary);
      expect(readText(stored)).toBe(text);
    }
    // The owner filter uses the same encoding, so such owners are still found.
    const set = [doc("k1", NOW + 1, "\ud800"), doc("k2", NOW + 1, "\ufffd")];
    expect(ids(ownerFilter("\ud800"), set)).toEqual(["k1"]);
    expect(ids(ownerFilter("\ufffd"), set)).toEqual(["k2"]);
  });

  it("declares a TTL index with expireAfterSeconds 0 and an owner index", () => {
    expect(INDEXES).toContainEqual({
      key: { expires: 1 },
      name: "sessions_ttl",
      expireAfterSeconds: 0,
    });
    expect(INDEXES).toContainEqual({ key: { owner: 1 }, name: "sessions_owner" });
  });
});
