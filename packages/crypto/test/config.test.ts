import { inspect } from "node:util";
import { ConfigError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import { type CipherOptions, createCipher, generateKey } from "../src/index.js";
import { deriveSubkeys } from "../src/subkeys.js";
import { KEY_1, KEY_2 } from "./helpers.js";

/** Every text form of some key bytes a leak could take. */
function encodings(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  return [
    buffer.toString("hex"),
    buffer.toString("base64"),
    buffer.toString("base64url"),
    buffer.toString("latin1"),
    [...bytes].join(","),
    [...bytes].join(", "),
  ];
}

/** Every encoding of the master keys and of their derived subkeys. */
function secretTexts(keys: readonly Uint8Array[]): string[] {
  return keys.flatMap((key) => {
    const { owner, payload } = deriveSubkeys(key);
    return [key, owner, payload].flatMap(encodings);
  });
}

describe("configuration: no default keys, ConfigError for anything malformed", () => {
  const key = generateKey();
  const cases: Record<string, unknown> = {
    "no options": undefined,
    "no keys": { current: 1 },
    "keys null": { keys: null, current: 1 },
    "keys an array": { keys: [KEY_1], current: 0 },
    "empty keys": { keys: {}, current: 1 },
    "no current": { keys: { 1: key } },
    "unknown current": { keys: { 1: key }, current: 2 },
    "current as a string": { keys: { 1: key }, current: "1" },
    "negative current": { keys: { 1: key }, current: -1 },
    "fractional current": { keys: { 1: key }, current: 1.5 },
    "negative key id": { keys: { "-1": key }, current: -1 },
    "fractional key id": { keys: { "1.5": key }, current: 1.5 },
    "key id with a leading zero": { keys: { "01": key }, current: 1 },
    "key id a word": { keys: { main: key }, current: 1 },
    "key id beyond safe integers": { keys: { "99999999999999999": key }, current: 1 },
    "key of 16 bytes": { keys: { 1: new Uint8Array(16).fill(7) }, current: 1 },
    "key of 64 bytes": { keys: { 1: new Uint8Array(64).fill(7) }, current: 1 },
    "all-zero key": { keys: { 1: new Uint8Array(32) }, current: 1 },
    "key text too short": { keys: { 1: key.slice(1) }, current: 1 },
    "key text in standard base64 with padding": {
      keys: { 1: Buffer.from(KEY_1).toString("base64") },
      current: 1,
    },
    "key text with a non-canonical last character": {
      keys: { 1: `${key.slice(0, 42)}${key.endsWith("B") ? "C" : "B"}` },
      current: 1,
    },
    "key a number": { keys: { 1: 12345 }, current: 1 },
    "key an array of numbers": { keys: { 1: [...KEY_1] }, current: 1 },
    "one good key, one bad": { keys: { 1: KEY_1, 2: KEY_2.subarray(1) }, current: 1 },
  };

  it.each(Object.keys(cases))("%s", (name) => {
    const options = cases[name] as CipherOptions;
    let thrown: unknown;
    try {
      createCipher(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    for (const secret of [key, ...secretTexts([KEY_1, KEY_2])]) {
      expect(message).not.toContain(secret);
    }
  });

  it("accepts key id 0 and large ids, Uint8Array and base64url keys", () => {
    const cipher = createCipher({ keys: { 0: KEY_1, 20260115: generateKey() }, current: 20260115 });
    expect(cipher.kids).toEqual([0, 20260115]);
    expect(cipher.current).toBe(20260115);
    expect(cipher.sealOwner("a").startsWith("v1.20260115.")).toBe(true);
  });
});

describe("key material never shows", () => {
  const key2Text = Buffer.from(KEY_2).toString("base64url");
  const cipher = createCipher({ keys: { 1: KEY_1, 2: key2Text }, current: 2 });
  const secrets = secretTexts([KEY_1, KEY_2]);

  it("not in toString, String(), template literals, JSON.stringify or util.inspect (any depth, hidden)", () => {
    const views = [
      cipher.toString(),
      String(cipher),
      `${cipher}`,
      JSON.stringify(cipher),
      JSON.stringify({ cipher }),
      inspect(cipher),
      inspect(cipher, { depth: Infinity, showHidden: true, customInspect: false, getters: true }),
      inspect({ nested: { cipher } }, { depth: Infinity }),
      Object.keys(cipher).join(","),
      Object.getOwnPropertyNames(cipher).join(","),
    ];
    for (const view of views) {
      for (const secret of secrets) expect(view).not.toContain(secret);
    }
    expect(String(cipher)).toBe("SessionCipher { kids: [1, 2], current: 2 }");
    expect(JSON.parse(JSON.stringify(cipher))).toEqual({ kids: [1, 2], current: 2 });
  });

  it("no property holds bytes, and the object is frozen", () => {
    for (const value of Object.values(cipher)) {
      expect(value).not.toBeInstanceOf(Uint8Array);
    }
    expect(Object.isFrozen(cipher)).toBe(true);
    expect(Object.isFrozen(cipher.kids)).toBe(true);
  });

  it("not in the errors of failed opens", () => {
    let thrown: unknown;
    try {
      cipher.openPayload(cipher.sealPayload("x", "a".repeat(43)), "b".repeat(43));
    } catch (error) {
      thrown = error;
    }
    const text = `${inspect(thrown, { depth: Infinity, showHidden: true })} ${JSON.stringify(thrown)}`;
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe("generateKey", () => {
  it("is 43 base64url characters of 32 bytes, different every time, and accepted by createCipher", () => {
    const keys = Array.from({ length: 50 }, generateKey);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key, "base64url")).toHaveLength(32);
    }
    expect(new Set(keys).size).toBe(keys.length);
    expect(() => createCipher({ keys: { 1: keys[0]! }, current: 1 })).not.toThrow();
  });
});
