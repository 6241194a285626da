import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { driverMethods, memoryDriver, type SessionDriver } from "../src/index.js";
import { setup } from "./helpers.js";

const PUBLIC_FIELDS = [
  "id",
  "handle",
  "owner",
  "createdAt",
  "expiresAt",
  "absoluteExpiresAt",
  "lastSeenAt",
  "version",
  "meta",
  "locked",
  "data",
];

// The behaviour of update(session)/touch(session) is in the conformance suite (held.ts),
// run on every driver; these are the object's own properties.
describe("Session objects", () => {
  it("show their public fields only: the held record is in a private field", async () => {
    const { sessions } = setup();
    const session = await sessions.create({ owner: "alice", data: { cart: ["apple"] } });
    expect(Object.keys(session)).toEqual(PUBLIC_FIELDS);
    expect(Object.getOwnPropertySymbols(session)).toEqual([]);
    expect(Object.keys(JSON.parse(JSON.stringify(session)))).toEqual(PUBLIC_FIELDS);
    expect(inspect(session, { showHidden: true })).not.toMatch(/loaded|record|envelope|payload/);
    expect({ ...session }).toEqual(session);
  });

  it("a structured clone or a spread copy is written by token, with the same result", async () => {
    const { sessions } = setup();
    const session = await sessions.create({ data: { n: 0 } });
    const cloned = await sessions.update(structuredClone(session), { n: 1 });
    const spread = await sessions.update({ ...cloned }, { n: 2 });
    expect(spread).toMatchObject({ id: session.id, version: 3, data: { n: 2 } });
  });

  it("an object of another manager on the same driver is not trusted for its record", async () => {
    const first = setup({ app: "one" });
    const second = setup({ app: "two", driver: first.driver, clock: first.clock });
    const session = await first.sessions.create({ data: { n: 0 } });
    // Same driver, other app: the token names no session there, whatever the object holds.
    await expect(second.sessions.update(session, { n: 1 })).rejects.toMatchObject({
      code: "SESSION_NOT_FOUND",
    });
    expect((await first.sessions.require(session.id)).data).toEqual({ n: 0 });
  });

  it("touch(session) with nothing to extend uses get on a driver without the optional exists", async () => {
    const base = memoryDriver();
    const calls: string[] = [];
    // A driver of the whole required contract and nothing more: every call is recorded.
    const bare = Object.fromEntries(
      [...driverMethods].map((method) => [
        method,
        (...args: unknown[]) => {
          calls.push(method);
          return (base[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        },
      ]),
    );
    const driver = {
      contract: base.contract,
      name: "bare",
      capabilities: base.capabilities,
      ...bare,
    };
    const { sessions } = setup({ driver: driver as unknown as SessionDriver });
    const session = await sessions.create({ data: { n: 0 } });
    calls.length = 0;
    expect(await sessions.touch(session)).toBe(true);
    expect(calls).toEqual(["get"]);
    await sessions.destroy(session.id);
    calls.length = 0;
    expect(await sessions.touch(session)).toBe(false);
    expect(calls[0]).toBe("get");
  });
});
