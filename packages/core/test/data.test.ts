import { describe, expect, it } from "vitest";
import { jsonDepth } from "../src/data-codec.js";
import {
  ConfigError,
  PayloadTooLargeError,
  ReservedKeyError,
  SerializationError,
  type StandardSchemaV1,
} from "../src/index.js";
import { setup } from "./helpers.js";

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

describe("session data", () => {
  it("round-trips hostile strings byte for byte", async () => {
    const { sessions } = setup();
    const value = 'NUL\u0000 lone\ud800 \udc00 rtl\u202e emoji🎉 quote" comma, line\r\n=cmd';
    const { id } = await sessions.create({ data: { value, "a.b": 1, $set: { x: 1 } } });
    expect((await sessions.require(id)).data).toEqual({ value, "a.b": 1, $set: { x: 1 } });
  });

  it("caps the encoded size (1 MiB by default) and accepts more when raised", async () => {
    const { sessions } = setup();
    const big = { blob: "x".repeat(1024 * 1024) };
    const error = await sessions.create({ data: big }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ limit: 1024 * 1024 });
    expect((error as Error).message).not.toContain("xxxx");
    const multibyte = { blob: "é".repeat(600 * 1024) };
    await expect(sessions.create({ data: multibyte })).rejects.toBeInstanceOf(PayloadTooLargeError);
    const roomy = setup({ maxDataBytes: 11 * 1024 * 1024 });
    const tenMb = { blob: "y".repeat(10 * 1024 * 1024) };
    const { id } = await roomy.sessions.create({ data: tenMb });
    expect((await roomy.sessions.require(id)).data).toEqual(tenMb);
  });

  it("caps nesting depth with a typed error", async () => {
    const { sessions } = setup();
    await expect(sessions.create({ data: nested(1000) as never })).rejects.toBeInstanceOf(
      SerializationError,
    );
    const { id } = await sessions.create({ data: nested(60) as never });
    await expect(sessions.update(id, nested(65) as never)).rejects.toThrow(/deeper than 64/);
    expect(jsonDepth('{"a":"[[[[{{{{","b":[1,[2]]}')).toBe(3);
    expect(jsonDepth('"\\"[[["')).toBe(0);
  });

  it("refuses values that are not JSON", async () => {
    const { sessions } = setup();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(sessions.create({ data: cyclic })).rejects.toBeInstanceOf(SerializationError);
    await expect(sessions.create({ data: { n: 10n } as never })).rejects.toBeInstanceOf(
      SerializationError,
    );
    const { id } = await sessions.create();
    await expect(sessions.update(id, undefined as never)).rejects.toBeInstanceOf(
      SerializationError,
    );
    await expect(sessions.update(id, (() => undefined) as never)).rejects.toBeInstanceOf(
      SerializationError,
    );
  });

  it("keeps __proto__ as plain data without polluting prototypes", async () => {
    const { sessions } = setup();
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
    );
    const { id } = await sessions.create({ data: hostile });
    const read = await sessions.require(id);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(read.data, "__proto__")).toBe(true);
    expect(JSON.stringify(read.data)).toBe(JSON.stringify(hostile));
    const updated = await sessions.update(id, (previous) => ({ ...previous, n: 1 }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(updated.data, "__proto__")).toBe(true);
  });

  it("runs a Standard Schema validator on write and on load", async () => {
    const schema: StandardSchemaV1<unknown, { count: number }> = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value) =>
          typeof (value as { count?: unknown })?.count === "number"
            ? { value: value as { count: number } }
            : { issues: [{ message: "secret-bearing message", path: ["count"] }] },
      },
    };
    const { sessions, driver } = setup({ validate: schema as never });
    const { id } = await sessions.create({ data: { count: 1 } });
    const error = await sessions.update(id, { count: "x" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SerializationError);
    expect((error as Error).message).toContain('"count"');
    expect((error as Error).message).not.toContain("secret-bearing");
    // A record that no longer fits the schema fails on load.
    const { sessions: loose } = setup({ driver });
    await loose.update(id, { count: "now a string" });
    await expect(sessions.require(id)).rejects.toBeInstanceOf(SerializationError);
    const rootIssue: StandardSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: async () => ({ issues: [{ message: "no" }] }),
      },
    };
    await expect(setup({ validate: rootIssue as never }).sessions.create()).rejects.toThrow(
      /"\(root\)"/,
    );
  });

  it("reserved keys: public updates may not change them, the writer may", async () => {
    const { sessions } = setup();
    const auth = sessions.reserveKey<{ userId: string }>("auth");
    expect(() => sessions.reserveKey("auth")).toThrow(ConfigError);
    expect(() => sessions.reserveKey("__proto__")).toThrow(ConfigError);
    expect(() => sessions.reserveKey("")).toThrow(ConfigError);
    const { id } = await sessions.create({ data: { cart: [] } });
    expect(await auth.get(id)).toBeUndefined();
    const version = await auth.set(id, { userId: "u1" });
    expect(version).toBe(2);
    expect(await auth.get(id)).toEqual({ userId: "u1" });
    await expect(sessions.update(id, { cart: [1] })).rejects.toBeInstanceOf(ReservedKeyError);
    await expect(
      sessions.update(id, (previous) => ({ ...previous, auth: { userId: "evil" } })),
    ).rejects.toBeInstanceOf(ReservedKeyError);
    // Keeping the reserved key as it is, is fine.
    const ok = await sessions.update(id, (previous) => ({ ...previous, cart: [1] }));
    expect(ok.data).toEqual({ cart: [1], auth: { userId: "u1" } });
    await auth.set(id, (previous) => ({ userId: `${previous?.userId}-2` }));
    expect(await auth.get(id)).toEqual({ userId: "u1-2" });
    await auth.delete(id);
    expect((await sessions.require(id)).data).toEqual({ cart: [1] });
    const list = await sessions.create({ data: [1, 2] as never });
    await expect(auth.set(list.id, { userId: "x" })).rejects.toBeInstanceOf(SerializationError);
  });
});
