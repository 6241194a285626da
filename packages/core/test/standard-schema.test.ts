import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SerializationError } from "../src/index.js";
import { setup } from "./helpers.js";

describe("validate with a real Standard Schema library (zod 4)", () => {
  const Cart = z.object({
    items: z.array(z.object({ sku: z.string(), qty: z.number().int().min(1) })),
  });

  it("accepts valid data and refuses invalid data before anything is stored", async () => {
    const { sessions, driver, clock } = setup({ validate: Cart as never });
    const { id } = await sessions.create({ data: { items: [{ sku: "A-1", qty: 2 }] } });
    expect((await sessions.require(id)).data).toEqual({ items: [{ sku: "A-1", qty: 2 }] });
    const error = await sessions
      .update(id, { items: [{ sku: "B-2", qty: 0 }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SerializationError);
    expect((error as Error).message).toContain('"items.0.qty"');
    expect((error as Error).message).not.toContain("B-2");
    await expect(sessions.create({ data: { items: "none" } })).rejects.toBeInstanceOf(
      SerializationError,
    );
    expect(await driver.count(clock.now())).toBe(1);
  });

  it("stores what the schema outputs (defaults applied)", async () => {
    const WithDefaults = z.object({ theme: z.string().default("light") });
    const { sessions } = setup({ validate: WithDefaults as never });
    const created = await sessions.create({ data: {} });
    expect(created.data).toEqual({ theme: "light" });
    expect((await sessions.require(created.id)).data).toEqual({ theme: "light" });
    const updated = await sessions.update(created.id, {});
    expect(updated.data).toEqual({ theme: "light" });
  });
});

describe("tokenSecret", () => {
  it("stores an HMAC digest: a store read with another secret finds nothing", async () => {
    const { sessions, driver } = setup({ tokenSecret: "s".repeat(32) });
    const { id, handle } = await sessions.create({ data: { a: 1 } });
    expect((await sessions.require(id)).handle).toBe(handle);
    const other = setup({ driver, tokenSecret: "t".repeat(32) });
    expect(await other.sessions.get(id)).toBeNull();
    const plain = setup({ driver });
    expect(await plain.sessions.get(id)).toBeNull();
  });
});
