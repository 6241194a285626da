import { SessionStoreError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import { createCipher } from "../src/index.js";
import { type Harness, harness, KEY_3, overwrite, rawRecord, rotating } from "./helpers.js";

/** The payload with one bit of its decoded body flipped at `index` (negative: from the end). */
function flipBodyBit(payload: string, index: number): string {
  const [version, kid, body] = payload.split(".") as [string, string, string];
  const bytes = Buffer.from(body, "base64url");
  const at = index < 0 ? bytes.length + index : index;
  bytes[at]! ^= 0x01;
  return `${version}.${kid}.${bytes.toString("base64url")}`;
}

function truncateBody(payload: string, keep: number): string {
  const [version, kid, body] = payload.split(".") as [string, string, string];
  return `${version}.${kid}.${Buffer.from(body, "base64url").subarray(0, keep).toString("base64url")}`;
}

/** Expects `promise` to reject with core's one generic corrupt-record error. */
async function expectCorrupt(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SessionStoreError);
  expect(error).toMatchObject({
    code: "CORRUPT_RECORD",
    message: "[sessions] [memory] stored session record is corrupt or unreadable",
  });
}

/** Three sessions of alice; the middle one is the victim. */
async function setUp() {
  const h = harness(rotating());
  const sessions = [];
  for (let index = 0; index < 3; index++) {
    sessions.push(await h.sessions.create({ owner: "alice", data: { index, secret: "s3cr3t" } }));
  }
  const [before, victim, after] = sessions as [
    (typeof sessions)[0],
    (typeof sessions)[0],
    (typeof sessions)[0],
  ];
  return { h, before, victim, after };
}

/** The victim fails closed on every read and write path; the others are untouched. */
async function expectOnlyVictimBroken(
  h: Harness,
  victim: { id: string; handle: string },
  others: ReadonlyArray<{ id: string; handle: string; data: unknown }>,
) {
  await expectCorrupt(h.sessions.get(victim.id));
  await expectCorrupt(h.sessions.require(victim.id));
  await expectCorrupt(h.sessions.update(victim.id, { changed: true }));
  await expectCorrupt(h.sessions.regenerate(victim.id));
  for (const other of others) {
    expect((await h.sessions.require(other.id)).data).toEqual(other.data);
  }
  // Listings skip the unreadable record (with an error event) instead of failing.
  const listed = (await h.sessions.getByOwner("alice")).map((info) => info.handle);
  expect(listed).toEqual(others.map((other) => other.handle));
  expect(h.events.some((event) => event.type === "error")).toBe(true);
  // Its bytes stay as they were: nothing rewrote or deleted the evidence.
  expect(await rawRecord(h, victim.handle)).toBeDefined();
}

describe("tampered payloads fail closed (CORRUPT_RECORD), other sessions unaffected", () => {
  const edits: Record<string, (payload: string) => string> = {
    "version bit (v1 → v3)": (payload) => payload.replace(/^v1/, "v3"),
    "version bit (v1 → w1)": (payload) => payload.replace(/^v1/, "w1"),
    "key id bit (2 → 3: unknown)": (payload) => payload.replace(/^v1\.2\./, "v1.3."),
    "key id relabelled to the other key of the ring (2 → 1)": (payload) =>
      payload.replace(/^v1\.2\./, "v1.1."),
    "nonce bit": (payload) => flipBodyBit(payload, 0),
    "nonce last bit": (payload) => flipBodyBit(payload, 11),
    "ciphertext bit": (payload) => flipBodyBit(payload, 12),
    "ciphertext middle bit": (payload) => flipBodyBit(payload, 40),
    "tag bit": (payload) => flipBodyBit(payload, -1),
    "tag first bit": (payload) => flipBodyBit(payload, -16),
    "truncated by one byte": (payload) =>
      truncateBody(payload, Buffer.from(payload.split(".")[2]!, "base64url").length - 1),
    "truncated to nonce and tag length": (payload) => truncateBody(payload, 28),
    "truncated to the nonce": (payload) => truncateBody(payload, 12),
    "truncated text (half)": (payload) => payload.slice(0, payload.length >> 1),
    "header only": (payload) => payload.slice(0, 5),
    "empty payload": () => "",
    "plain, unsealed payload": () => '{"v":1,"a":1,"s":1}\n{}',
  };

  it.each(Object.keys(edits))("%s", async (name) => {
    const { h, before, victim, after } = await setUp();
    const record = await rawRecord(h, victim.handle);
    const edited = edits[name]!(record.payload);
    expect(edited).not.toBe(record.payload);
    await overwrite(h, victim.handle, { payload: edited });
    await expectOnlyVictimBroken(h, victim, [before, after]);
  });

  it("an unknown key id: a payload sealed by another ring (kid 9) for this very record", async () => {
    const { h, before, victim, after } = await setUp();
    const foreign = createCipher({ keys: { 9: KEY_3 }, current: 9 });
    const record = await rawRecord(h, victim.handle);
    const plaintext = rotating().openPayload(record.payload, victim.handle);
    await overwrite(h, victim.handle, { payload: foreign.sealPayload(plaintext, victim.handle) });
    await expectOnlyVictimBroken(h, victim, [before, after]);
  });

  it("swapping two records' payloads breaks both (each is bound to its handle)", async () => {
    const { h, before, victim, after } = await setUp();
    const a = await rawRecord(h, before.handle);
    const b = await rawRecord(h, victim.handle);
    await overwrite(h, before.handle, { payload: b.payload });
    await overwrite(h, victim.handle, { payload: a.payload });
    await expectCorrupt(h.sessions.get(before.id));
    await expectCorrupt(h.sessions.get(victim.id));
    expect((await h.sessions.require(after.id)).data).toEqual(after.data);
    expect((await h.sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([
      after.handle,
    ]);
  });

  it("a payload copied to a record created for it later does not open either", async () => {
    const { h, victim, after } = await setUp();
    const stolen = (await rawRecord(h, victim.handle)).payload;
    await overwrite(h, after.handle, { payload: stolen });
    await expectCorrupt(h.sessions.get(after.id));
    expect((await h.sessions.require(victim.id)).data).toEqual(victim.data);
  });
});

/** alice's victim session with one bit of its sealed owner flipped (payload intact). */
async function tamperedOwner() {
  const setup = await setUp();
  const { h, victim } = setup;
  const record = await rawRecord(h, victim.handle);
  const [app, sealed] = [record.owner!.slice(0, 8), record.owner!.slice(8)];
  expect(app).toBe("default:");
  await overwrite(h, victim.handle, { owner: app + flipBodyBit(sealed, 3) });
  return setup;
}

/** Expects a rejection with code CORRUPT_RECORD, whichever layer's message it carries. */
async function expectCorruptCode(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toMatchObject({
    name: "SessionStoreError",
    code: "CORRUPT_RECORD",
  });
}

describe("tampered owners fail closed", () => {
  it("a flipped bit in the sealed owner: every path that opens it throws CORRUPT_RECORD, the others work", async () => {
    const { h, before, victim, after } = await tamperedOwner();
    await expectCorrupt(h.sessions.get(victim.id));
    await expectCorrupt(h.sessions.inspect(victim.handle));
    await expectCorruptCode(h.sessions.update(victim.id, { changed: true }));
    await expectCorruptCode(h.sessions.lock(victim.id, "password123"));
    for (const other of [before, after]) {
      expect((await h.sessions.require(other.id)).data).toEqual(other.data);
    }
    // Its owner form no longer matches alice's, so owner listings simply do not see it.
    expect((await h.sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([
      before.handle,
      after.handle,
    ]);
    // Paths that never open the owner still work: the session can be ended.
    expect(await h.sessions.touch(victim.id)).toBe(true);
    expect(await h.sessions.destroy(victim.id)).toBe(true);
  });

  it("list skips a record whose sealed owner is unreadable", async () => {
    const { h, before, after } = await tamperedOwner();
    const page = await h.sessions.list({ limit: 10 });
    expect(page.sessions.map((info) => info.handle).sort()).toEqual(
      [before.handle, after.handle].sort(),
    );
  });

  it("update and regenerate with an unreadable owner throw core's CORRUPT_RECORD and keep the record", async () => {
    const { h, victim } = await tamperedOwner();
    await expectCorrupt(h.sessions.update(victim.id, { changed: true }));
    await expectCorrupt(h.sessions.regenerate(victim.id));
    expect(await rawRecord(h, victim.handle)).toBeDefined();
  });
});
