import { memoryDriver } from "@sessions/core";
import { describe, expect, it } from "vitest";
import { HOSTILE_OWNER, hostileKey, hostileValueCalls } from "../src/index.js";

describe("hostileValueCalls", () => {
  it("each call is valid against the contract, and together they leave no record behind", async () => {
    const now = Date.UTC(2030, 0, 1);
    const driver = memoryDriver();
    for (const call of hostileValueCalls(driver, "victim", now)) await call();
    expect(await driver.get(hostileKey("victim"), now)).toBeNull();
    expect(await driver.listByOwner(HOSTILE_OWNER, now)).toEqual([]);
    expect(await driver.count(0)).toBe(0);
    await driver.close();
  });
});
