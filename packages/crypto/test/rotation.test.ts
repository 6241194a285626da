import { SessionStoreError } from "@sessions/core";
import { scanAll } from "@sessions/test-suite";
import { describe, expect, it } from "vitest";
import { createCipher } from "../src/index.js";
import {
  harness,
  KEY_1,
  KEY_2,
  kidOf,
  onlyKey1,
  onlyKey2,
  rawRecord,
  recordKey,
  rotating,
} from "./helpers.js";

/** Key id of a stored owner (`default:v1.<kid>.…`). */
const ownerKid = (owner: string | null) => kidOf(owner?.slice("default:".length) ?? null);

const corrupt = { name: "SessionStoreError", code: "CORRUPT_RECORD" };

describe("key rotation", () => {
  it("write under 1; ring {1,2} current 2 reads it, finds owners under both keys, and re-seals it under 2 on the next write", async () => {
    const h = harness(onlyKey1());
    const old = await h.sessions.create({ owner: "alice", data: { n: 1 } });
    let stored = await rawRecord(h, old.handle);
    expect([kidOf(stored.payload), ownerKid(stored.owner)]).toEqual(["1", "1"]);

    h.clock.advance(1_000);
    const rotated = h.withCipher(rotating());
    expect(await rotated.require(old.id)).toMatchObject({ owner: "alice", data: { n: 1 } });
    const fresh = await rotated.create({ owner: "alice", data: { n: 10 } });
    stored = await rawRecord(h, fresh.handle);
    expect([kidOf(stored.payload), ownerKid(stored.owner)]).toEqual(["2", "2"]);
    // The owner index holds alice under key 1 and key 2: lookups try every form.
    expect((await rotated.getByOwner("alice")).map((info) => info.handle)).toEqual([
      old.handle,
      fresh.handle,
    ]);

    // Reads and touches leave the ciphertext alone; the next write re-seals payload and owner.
    expect(await rotated.touch(old.id)).toBe(true);
    expect(kidOf((await rawRecord(h, old.handle)).payload)).toBe("1");
    await rotated.update(old.id, { n: 2 });
    stored = await rawRecord(h, old.handle);
    expect([kidOf(stored.payload), ownerKid(stored.owner)]).toEqual(["2", "2"]);
    expect((await rotated.require(old.id)).data).toEqual({ n: 2 });
  });

  it("destroyByOwner during rotation ends the owner's sessions under both keys", async () => {
    const h = harness(onlyKey1());
    await h.sessions.create({ owner: "alice" });
    const rotated = h.withCipher(rotating());
    await rotated.create({ owner: "alice" });
    const bob = await rotated.create({ owner: "bob" });
    expect(await rotated.destroyByOwner("alice")).toBe(2);
    expect(await rotated.getByOwner("alice")).toEqual([]);
    expect(await rotated.get(bob.id)).not.toBeNull();
  });

  it("retiring key 1: a leftover key-1 record fails closed (CORRUPT_RECORD) without crashing anything else", async () => {
    const h = harness(onlyKey1());
    const leftover = await h.sessions.create({ owner: "alice", data: { n: 1 } });
    const rotated = h.withCipher(rotating());
    const moved = await h.sessions.create({ owner: "alice", data: { n: 2 } });
    await rotated.update(moved.id, { n: 3 });
    h.clock.advance(1_000);
    const fresh = await rotated.create({ owner: "alice", data: { n: 4 } });

    const retired = h.withCipher(onlyKey2());
    await expect(retired.get(leftover.id)).rejects.toBeInstanceOf(SessionStoreError);
    await expect(retired.require(leftover.id)).rejects.toMatchObject(corrupt);
    await expect(retired.update(leftover.id, {})).rejects.toMatchObject(corrupt);
    expect((await retired.require(moved.id)).data).toEqual({ n: 3 });
    expect((await retired.require(fresh.id)).data).toEqual({ n: 4 });
    // Its owner form is under key 1, which lookups no longer try: invisible, not an error.
    expect((await retired.getByOwner("alice")).map((info) => info.handle)).toEqual([
      moved.handle,
      fresh.handle,
    ]);
    const listed = await retired.list({ limit: 10 });
    expect(listed.sessions.map((info) => info.handle).sort()).toEqual(
      [moved.handle, fresh.handle].sort(),
    );
    expect(h.events.filter((event) => event.type === "error")).not.toHaveLength(0);
    // Ending it needs no key: destroy by token works, and the record is gone.
    expect(await retired.destroy(leftover.id)).toBe(true);
    expect(await h.driver.get(recordKey(leftover.handle), h.clock.now())).toBeNull();
  });

  it("an old process that lacks the new key cannot read its records: add the key first, switch current second", async () => {
    const h = harness(onlyKey1());
    const staged = h.withCipher(createCipher({ keys: { 1: KEY_1, 2: KEY_2 }, current: 1 }));
    const stillKey1 = await staged.create({ owner: "alice" });
    expect(kidOf((await rawRecord(h, stillKey1.handle)).payload)).toBe("1");
    expect(await h.sessions.get(stillKey1.id)).not.toBeNull(); // old process reads it

    const switched = h.withCipher(rotating());
    const underKey2 = await switched.create({ owner: "alice" });
    await expect(h.sessions.get(underKey2.id)).rejects.toMatchObject(corrupt); // why step one exists
    expect(await staged.get(underKey2.id)).not.toBeNull(); // a staged process reads it
  });

  it("retiring a key after the absolute lifetime needs no migration: nothing it sealed is alive", async () => {
    const h = harness(onlyKey1());
    for (let index = 0; index < 5; index++) await h.sessions.create({ owner: `user${index}` });
    const rotated = h.withCipher(rotating());
    h.clock.advance(30 * 60_000);
    const young = await rotated.create({ owner: "user0" });
    h.clock.advance(31 * 60_000); // past the 1h ttl of every key-1 session

    const retired = h.withCipher(onlyKey2());
    // Dead key-1 records are still stored for clockTolerance (5m) but never opened: reading
    // or listing them judges their deadline before any decryption.
    expect(await retired.getByOwner("user1")).toEqual([]);
    expect(await retired.cleanup()).toEqual({ removed: 0 });
    h.clock.advance(5 * 60_000);
    expect(await retired.cleanup()).toEqual({ removed: 5 });
    const live = await scanAll(h.driver);
    expect(live.map((record) => kidOf(record.payload))).toEqual(["2"]);
    expect((await retired.require(young.id)).owner).toBe("user0");
  });
});
