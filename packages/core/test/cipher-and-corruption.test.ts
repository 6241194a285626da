import { describe, expect, it } from "vitest";
import { type SessionCipher, type SessionEvent, SessionStoreError } from "../src/index.js";
import { setup } from "./helpers.js";

/**
 * A reversible stand-in cipher for testing core's hooks (the real one is @sessions/crypto):
 * base64 with a key-id prefix, the record key bound into the payload.
 */
function fakeCipher(current = "k2", ring = ["k1", "k2"]): SessionCipher {
  const encode = (text: string) => Buffer.from(text, "utf8").toString("base64url");
  const decode = (text: string) => Buffer.from(text, "base64url").toString("utf8");
  return {
    sealOwner: (owner) => `${current}.${encode(owner)}`,
    ownerForms: (owner) => ring.map((kid) => `${kid}.${encode(owner)}`),
    openOwner: (sealed) => {
      const [kid, body] = sealed.split(".");
      if (!kid || !ring.includes(kid) || body === undefined) throw new Error("unknown key");
      return decode(body);
    },
    sealPayload: (plain, recordKey) => `${current}.${encode(`${recordKey}|${plain}`)}`,
    openPayload: (sealed, recordKey) => {
      const [kid, body] = sealed.split(".");
      if (!kid || !ring.includes(kid) || body === undefined) throw new Error("unknown key");
      const text = decode(body);
      if (!text.startsWith(`${recordKey}|`)) throw new Error("wrong record");
      return text.slice(recordKey.length + 1);
    },
  };
}

describe("cipher hooks", () => {
  it("stores owners and payloads sealed, and reads them back", async () => {
    const { sessions, driver, clock } = setup({ cipher: fakeCipher() });
    const { id, handle } = await sessions.create({
      owner: "alice@example.com",
      data: { canary: "c4n4ry" },
    });
    const [stored] = (await driver.scan({ limit: 10 })).records;
    expect(stored?.owner).toBe(
      `default:k2.${Buffer.from("alice@example.com").toString("base64url")}`,
    );
    expect(stored?.payload).not.toContain("c4n4ry");
    expect((await sessions.require(id)).data).toEqual({ canary: "c4n4ry" });
    expect((await sessions.getByOwner("alice@example.com"))[0]).toMatchObject({
      handle,
      owner: "alice@example.com",
    });
    const regenerated = await sessions.regenerate(id);
    expect((await sessions.require(regenerated.id)).data).toEqual({ canary: "c4n4ry" });
    expect(await driver.count(clock.now())).toBe(1);
  });

  it("finds owners stored under an older key of the ring", async () => {
    const old = setup({ cipher: fakeCipher("k1", ["k1"]) });
    await old.sessions.create({ owner: "bob", data: {} });
    const { sessions } = setup({ driver: old.driver, cipher: fakeCipher("k2", ["k1", "k2"]) });
    sessions; // same driver, rotated cipher
    await sessions.create({ owner: "bob", data: {} });
    expect(await sessions.getByOwner("bob")).toHaveLength(2);
    expect(await sessions.destroyByOwner("bob")).toBe(2);
  });

  it("re-seals owner and payload under the current key on the next write", async () => {
    const old = setup({ cipher: fakeCipher("k1", ["k1"]) });
    const { id } = await old.sessions.create({ owner: "carol", data: { n: 1 } });
    const rotated = setup({ driver: old.driver, cipher: fakeCipher("k2", ["k1", "k2"]) });
    rotated.clock.set(old.clock.now());
    const stored = async () => (await old.driver.scan({ limit: 10 })).records[0]!;
    expect((await stored()).owner).toMatch(/^default:k1\./);
    await rotated.sessions.update(id, { n: 2 });
    expect((await stored()).owner).toMatch(/^default:k2\./);
    expect((await stored()).payload).toMatch(/^k2\./);
    // With k1 retired, the rewritten record still reads.
    const retired = setup({ driver: old.driver, cipher: fakeCipher("k2", ["k2"]) });
    retired.clock.set(old.clock.now());
    expect((await retired.sessions.require(id)).data).toEqual({ n: 2 });
    expect((await retired.sessions.getByOwner("carol")).length).toBe(1);
    const moved = await retired.sessions.regenerate(id);
    expect(moved.owner).toBe("carol");
  });

  it("an unreadable sealed owner fails closed everywhere, loses nothing, and listings skip it", async () => {
    const { sessions, driver, clock, events } = setup({ cipher: fakeCipher() });
    const good = await sessions.create({ owner: "dave", data: { ok: true } });
    const bad = await sessions.create({ owner: "erin", data: { ok: false } });
    const key = `default:s:${bad.handle}`;
    const current = await driver.get(key, clock.now());
    const tampered = { ...current!, owner: "default:k9.ZXJpbg", version: 2 };
    await driver.compareAndSet(tampered, 1, clock.now());
    for (const call of [
      () => sessions.get(bad.id),
      () => sessions.update(bad.id, { ok: true }),
      () => sessions.regenerate(bad.id),
      () => sessions.lock(bad.id, "pw"),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "CORRUPT_RECORD", driver: "memory" });
    }
    // Nothing was destroyed or rewritten by the failed calls.
    expect(await driver.get(key, clock.now())).toEqual(tampered);
    expect((await sessions.list()).sessions.map((info) => info.handle)).toEqual([good.handle]);
    expect(
      events
        .filter((event) => event.type === "error")
        .map((event) => "operation" in event && event.operation),
    ).toEqual(["list"]);
  });

  it("fails closed with one generic error when a payload moves to another record", async () => {
    const { sessions, driver, clock } = setup({ cipher: fakeCipher() });
    const a = await sessions.create({ data: { who: "a" } });
    const b = await sessions.create({ data: { who: "b" } });
    const recordA = await driver.get(`default:s:${a.handle}`, clock.now());
    const recordB = await driver.get(`default:s:${b.handle}`, clock.now());
    await driver.compareAndSet(
      { ...recordA!, payload: recordB!.payload, version: 2 },
      1,
      clock.now(),
    );
    const error = await sessions.get(a.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({
      code: "CORRUPT_RECORD",
      message: "[sessions] [memory] stored session record is corrupt or unreadable",
    });
    expect((await sessions.require(b.id)).data).toEqual({ who: "b" });
  });
});

describe("corrupt records", () => {
  it("fail closed for that record; listings skip it and report an error event", async () => {
    const { sessions, driver, clock, events } = setup();
    const good = await sessions.create({ owner: "alice", data: { ok: true } });
    const bad = await sessions.create({ owner: "alice", data: { ok: false } });
    const key = `default:s:${bad.handle}`;
    for (const payload of [
      "garbage",
      '{"v":2}\n{}',
      '{"v":1,"a":"x","s":1}\n{}',
      '{"v":1,"a":9e99,"s":1}\n{}',
      "\n{}",
    ]) {
      const current = await driver.get(key, clock.now());
      await driver.compareAndSet(
        { ...current!, payload, version: current!.version + 1 },
        current!.version,
        clock.now(),
      );
      await expect(sessions.get(bad.id)).rejects.toMatchObject({ code: "CORRUPT_RECORD" });
    }
    const current = await driver.get(key, clock.now());
    await driver.compareAndSet(
      { ...current!, payload: '{"v":1,"a":1,"s":1}\n{not json', version: 99 },
      current!.version,
      clock.now(),
    );
    await expect(sessions.require(bad.id)).rejects.toMatchObject({ code: "CORRUPT_RECORD" });
    // The corrupt bytes are kept, not overwritten.
    expect((await driver.get(key, clock.now()))?.payload).toBe('{"v":1,"a":1,"s":1}\n{not json');

    await driver.compareAndSet({ ...current!, payload: "garbage", version: 100 }, 99, clock.now());
    expect((await sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([good.handle]);
    expect((await sessions.list()).sessions.map((info) => info.handle)).toEqual([good.handle]);
    expect(await sessions.stats()).toEqual({ active: 1, locked: 0, owners: 1 });
    const errors = events.filter(
      (event): event is Extract<SessionEvent, { type: "error" }> => event.type === "error",
    );
    expect(errors.map((event) => event.operation)).toEqual(["getByOwner", "list", "stats"]);
    expect(errors[0]?.error.code).toBe("CORRUPT_RECORD");
  });
});
