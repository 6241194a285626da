import { describe, expect, it } from "vitest";
import { InvalidSessionIdError, memoryDriver, type SessionDriver } from "../src/index.js";
import { assertToken, checkedTokenFactory, generateToken, tokenDigest } from "../src/token.js";
import { setup } from "./helpers.js";

describe("tokens", () => {
  it("are 43 base64url characters (256 bits) and never repeat", () => {
    const tokens = new Set(Array.from({ length: 5000 }, generateToken));
    expect(tokens.size).toBe(5000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("digest to SHA-256 by default and to HMAC with a secret", () => {
    const token = generateToken();
    const plain = tokenDigest()(token);
    const keyed = tokenDigest("x".repeat(32))(token);
    expect(plain).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyed).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyed).not.toBe(plain);
    expect(tokenDigest(new Uint8Array(32).fill(7))(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => tokenDigest("short")).toThrow(/at least 32 bytes/);
  });

  it.each([
    ["empty", ""],
    ["dots", ".."],
    ["NUL", `${"a".repeat(42)}\u0000`],
    ["too short", "a".repeat(31)],
    ["too long", "a".repeat(129)],
    ["bad charset", `${"a".repeat(42)}/`],
    ["object", { id: "x" }],
    ["array", ["a".repeat(43)]],
    ["number", 42],
    ["undefined", undefined],
  ])("rejects a malformed token (%s) before any driver call", async (_label, token) => {
    expect(() => assertToken(token)).toThrow(InvalidSessionIdError);
    const calls: string[] = [];
    const inner = memoryDriver();
    const spy = new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as SessionDriver;
    const { sessions } = setup({ driver: spy });
    const id = token as string;
    for (const call of [
      () => sessions.get(id),
      () => sessions.require(id),
      () => sessions.update(id, {}),
      () => sessions.touch(id),
      () => sessions.regenerate(id),
      () => sessions.destroy(id),
      () => sessions.lock(id, "password"),
      () => sessions.unlock(id, "password"),
      () => sessions.isActive(id),
      () => sessions.timeRemaining(id),
      () => sessions.elapsed(id),
      // `except: undefined` means "no exception", so only defined junk counts here.
      ...(id === undefined ? [] : [() => sessions.destroyByOwner("alice", { except: id })]),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(InvalidSessionIdError);
    }
    expect(calls).toEqual([]);
  });

  it("checks tokens from an idFactory for charset and length", () => {
    expect(checkedTokenFactory(() => "b".repeat(40))()).toBe("b".repeat(40));
    expect(() => checkedTokenFactory(() => "short")()).toThrow(/idFactory/);
    expect(() => checkedTokenFactory(() => 42 as unknown as string)()).toThrow(/idFactory/);
  });

  it("an unknown well-formed token is not found and creates nothing", async () => {
    const { sessions, driver, clock } = setup();
    const token = generateToken();
    expect(await sessions.get(token)).toBeNull();
    expect(await sessions.touch(token)).toBe(false);
    expect(await sessions.isActive(token)).toBe(false);
    expect(await driver.count(clock.now())).toBe(0);
  });
});
