import { describe, expect, it } from "vitest";
import {
  ConfigError,
  createSessionManager,
  defineDriver,
  memoryDriver,
  type SessionDriver,
  SessionStoreError,
  toStoreError,
} from "../src/index.js";
import { setup } from "./helpers.js";

describe("defineDriver", () => {
  it("accepts a complete driver and returns it unchanged", () => {
    const driver = memoryDriver();
    expect(defineDriver(driver)).toBe(driver);
  });

  it.each([
    ["not an object", null, /must be an object/],
    ["wrong contract", { ...memoryDriver(), contract: 2 }, /contract 2 is not supported/],
    ["no name", { ...memoryDriver(), name: "" }, /non-empty name/],
    ["no capabilities", { ...memoryDriver(), capabilities: { nativeTtl: true } }, /capabilities/],
    ["missing methods", { ...memoryDriver(), scan: undefined, touch: 1 }, /lacks touch, scan/],
  ])("refuses %s with a ConfigError", (_label, driver, message) => {
    expect(() => defineDriver(driver as never)).toThrow(ConfigError);
    expect(() => defineDriver(driver as never)).toThrow(message);
    expect(() => createSessionManager({ driver: driver as never })).toThrow(ConfigError);
  });
});

describe("driver failures", () => {
  it("become SessionStoreErrors naming the driver, with the cause kept", async () => {
    const cause = new Error("connection reset");
    const flaky: SessionDriver = {
      ...memoryDriver(),
      name: "flaky",
      get: async () => Promise.reject(cause),
    };
    const { sessions } = setup({ driver: flaky });
    const { id } = await sessions.create();
    const error = await sessions.get(id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({
      code: "STORE_FAILURE",
      driver: "flaky",
      message: "[sessions] [flaky] get failed",
    });
    expect((error as Error).cause).toBe(cause);
    expect((error as Error).message).not.toContain(id);
  });

  it("keeps typed errors from drivers as they are", () => {
    const typed = new SessionStoreError("redis", "server unavailable", { code: "UNAVAILABLE" });
    expect(toStoreError("redis", "get", typed)).toBe(typed);
  });
});

describe("memoryDriver", () => {
  it("closes idempotently and rejects later calls with CLOSED", async () => {
    const driver = memoryDriver();
    await driver.close();
    await driver.close();
    await expect(driver.get("k", 0)).rejects.toMatchObject({ code: "CLOSED", driver: "memory" });
  });

  it("pages scans by key with a prefix, covering each record once", async () => {
    const driver = memoryDriver();
    const record = (key: string) => ({
      key,
      owner: null,
      payload: "p",
      createdAt: 1,
      expiresAt: 100,
      version: 1,
    });
    for (let i = 0; i < 30; i++) await driver.insert(record(`a:${String(i).padStart(2, "0")}`), 0);
    for (let i = 0; i < 5; i++) await driver.insert(record(`b:${i}`), 0);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await driver.scan({ cursor, limit: 7, prefix: "a:" });
      seen.push(...page.records.map((r) => r.key));
      // A write between pages must not break the walk.
      await driver.insert(record(`a:zz${seen.length}`), 0);
      cursor = page.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (let i = 0; i < 30; i++) expect(seen).toContain(`a:${String(i).padStart(2, "0")}`);
    expect(seen.some((key) => key.startsWith("b:"))).toBe(false);
    expect(await driver.count(0, { prefix: "b:" })).toBe(5);
    expect(await driver.deleteExpired(100, { prefix: "b:", limit: 2 })).toBe(2);
    await driver.clear();
    expect(await driver.count(0)).toBe(0);
  });
});
