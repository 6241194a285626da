import { aessiv, gcmsiv } from "@noble/ciphers/aes.js";
import { SessionStoreError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import { createCipher } from "../src/index.js";
import { payloadWorkBuffer } from "../src/payload-cipher.js";
import { deriveSubkeys } from "../src/subkeys.js";
import { KEY_1, KEY_2, onlyKey1, rotating } from "./helpers.js";

const HANDLE = "h".repeat(43);
const OTHER_HANDLE = "g".repeat(43);
const SEALED = /^v1\.(0|[1-9][0-9]*)\.[A-Za-z0-9_-]+$/;

function body(sealed: string): Buffer {
  return Buffer.from(sealed.split(".")[2]!, "base64url");
}

describe("owners (AES-SIV, deterministic)", () => {
  it("seal to v1.<kid>.<base64url>, equal in equal out, and open back", () => {
    const cipher = rotating();
    const sealed = cipher.sealOwner("alice@example.com");
    expect(sealed).toMatch(SEALED);
    expect(sealed.startsWith("v1.2.")).toBe(true);
    expect(cipher.sealOwner("alice@example.com")).toBe(sealed);
    expect(rotating().sealOwner("alice@example.com")).toBe(sealed); // not just a cache hit
    expect(cipher.sealOwner("bob@example.com")).not.toBe(sealed);
    expect(cipher.openOwner(sealed)).toBe("alice@example.com");
    expect(rotating().openOwner(sealed)).toBe("alice@example.com");
  });

  it("ownerForms gives the sealed form under every key of the ring, current first", () => {
    const forms = rotating().ownerForms("alice@example.com");
    expect(forms).toEqual([
      rotating().sealOwner("alice@example.com"),
      onlyKey1().sealOwner("alice@example.com"),
    ]);
    expect(forms.map((form) => form.slice(0, 5))).toEqual(["v1.2.", "v1.1."]);
    expect(onlyKey1().ownerForms("alice")).toEqual([onlyKey1().sealOwner("alice")]);
  });

  it("any string round-trips exactly: lone surrogates, NUL, emoji, the empty string, 1024 chars", () => {
    const cipher = onlyKey1();
    const owners = ["\ud800", "\udc00", "\ud801", "a\u0000b", "👩‍👩‍👧", "", "x".repeat(1024)];
    const sealed = owners.map((owner) => cipher.sealOwner(owner));
    expect(new Set(sealed).size).toBe(owners.length); // no two owners collide
    expect(sealed.map((text) => onlyKey1().openOwner(text))).toEqual(owners);
  });

  it("is AES-SIV over UTF-16 code units with the owner subkey and the header as associated data", () => {
    const sealed = onlyKey1().sealOwner("alice");
    const expected = aessiv(deriveSubkeys(KEY_1).owner, new TextEncoder().encode("v1.1.")).encrypt(
      Buffer.from("alice", "utf16le"),
    );
    expect(body(sealed).equals(Buffer.from(expected))).toBe(true);
  });
});

describe("payloads (AES-256-GCM-SIV, random nonce, bound to the record key)", () => {
  it("seal to v1.<kid>.<base64url>, differ every time, and open only for their record key", () => {
    const cipher = rotating();
    const plaintext = '{"v":1}\n{"cart":["🍐"],"n":"\\ud800"}';
    const first = cipher.sealPayload(plaintext, HANDLE);
    const second = cipher.sealPayload(plaintext, HANDLE);
    expect(first).toMatch(SEALED);
    expect(first.startsWith("v1.2.")).toBe(true);
    expect(first).not.toBe(second);
    expect(cipher.openPayload(first, HANDLE)).toBe(plaintext);
    expect(rotating().openPayload(second, HANDLE)).toBe(plaintext);
    expect(() => cipher.openPayload(first, OTHER_HANDLE)).toThrow(SessionStoreError);
  });

  it("body = nonce(12) ‖ AES-256-GCM-SIV(payload subkey, nonce, header ‖ record key)", () => {
    const sealed = onlyKey1().sealPayload("hello", HANDLE);
    const bytes = body(sealed);
    expect(bytes.length).toBe(12 + 5 + 16);
    const aad = new TextEncoder().encode(`v1.1.${HANDLE}`);
    const plain = gcmsiv(deriveSubkeys(KEY_1).payload, bytes.subarray(0, 12), aad).decrypt(
      bytes.subarray(12),
    );
    expect(Buffer.from(plain).toString("utf8")).toBe("hello");
  });

  it("empty and 1 MiB payloads round-trip", () => {
    const cipher = onlyKey1();
    for (const plaintext of ["", "é".repeat(512 * 1024)]) {
      expect(cipher.openPayload(cipher.sealPayload(plaintext, HANDLE), HANDLE)).toBe(plaintext);
    }
  });

  it("leaves no plaintext in the shared work buffer after a seal, an open or a failed open", () => {
    const cipher = onlyKey1();
    const plaintext = '{"secret":"' + "s3cr3t-".repeat(100) + '"}';
    const bytes = Buffer.from(plaintext, "utf8");
    const sealed = cipher.sealPayload(plaintext, HANDLE);
    expect(payloadWorkBuffer.indexOf(bytes.subarray(0, 32))).toBe(-1);
    expect(cipher.openPayload(sealed, HANDLE)).toBe(plaintext);
    expect(payloadWorkBuffer.indexOf(bytes.subarray(0, 32))).toBe(-1);
    expect(() => cipher.openPayload(sealed, OTHER_HANDLE)).toThrow(SessionStoreError);
    expect(payloadWorkBuffer.indexOf(bytes.subarray(0, 32))).toBe(-1);
  });

  it("refuses to seal text UTF-8 cannot carry (a lone surrogate) instead of mangling it", () => {
    expect(() => onlyKey1().sealPayload("a\ud800b", HANDLE)).toThrow(TypeError);
  });
});

describe("one generic error for every failed open", () => {
  const cipher = rotating();
  const payload = cipher.sealPayload("secret data", HANDLE);
  const owner = cipher.sealOwner("alice");
  const relabel = (text: string, kid: string) => text.replace(/^v1\.\d+\./, `v1.${kid}.`);
  const lastCharFlipped = (text: string) => text.slice(0, -1) + (text.endsWith("A") ? "B" : "A");
  const bad: Record<string, () => unknown> = {
    "empty string": () => cipher.openPayload("", HANDLE),
    "not a string": () => cipher.openPayload(42 as unknown as string, HANDLE),
    "plain JSON": () => cipher.openPayload('{"v":1}\n{}', HANDLE),
    "version v2": () => cipher.openPayload(payload.replace(/^v1/, "v2"), HANDLE),
    "version V1": () => cipher.openPayload(payload.replace(/^v1/, "V1"), HANDLE),
    "unknown key id": () => cipher.openPayload(relabel(payload, "7"), HANDLE),
    "other known key id": () => cipher.openPayload(relabel(payload, "1"), HANDLE),
    "key id with a leading zero": () => cipher.openPayload(relabel(payload, "02"), HANDLE),
    "non-canonical base64url tail": () => cipher.openPayload(lastCharFlipped(payload), HANDLE),
    "padding added": () => cipher.openPayload(`${payload}=`, HANDLE),
    "body truncated to the nonce": () =>
      cipher.openPayload(payload.slice(0, "v1.2.".length + 16), HANDLE),
    "owner opened as payload": () => cipher.openPayload(owner, HANDLE),
    "payload opened as owner": () => cipher.openOwner(payload),
    "owner relabelled": () => cipher.openOwner(relabel(owner, "1")),
    "owner truncated": () => cipher.openOwner(owner.slice(0, -2)),
  };
  it.each(Object.keys(bad))("%s", (name) => {
    let thrown: unknown;
    try {
      bad[name]!();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionStoreError);
    expect(thrown).toMatchObject({
      code: "CORRUPT_RECORD",
      message: "[sessions] [crypto] sealed value cannot be opened",
    });
    expect((thrown as Error).cause).toBeUndefined();
  });
});

describe("keys", () => {
  const withKey1 = (key1: Uint8Array | string, key2: Uint8Array = KEY_2) =>
    createCipher({ keys: { 1: key1, 2: key2 }, current: 1 });

  it("a base64url key and the same bytes make the same cipher", () => {
    const fromText = withKey1(Buffer.from(KEY_1).toString("base64url"));
    expect(fromText.openOwner(onlyKey1().sealOwner("alice"))).toBe("alice");
    expect(fromText.sealOwner("alice")).toBe(onlyKey1().sealOwner("alice"));
  });

  it("a cipher keeps its own copy of the key bytes", () => {
    const bytes = Uint8Array.from(KEY_1);
    const cipher = withKey1(bytes);
    const sealed = cipher.sealPayload("x", HANDLE);
    bytes.fill(0);
    expect(cipher.openPayload(sealed, HANDLE)).toBe("x");
  });
});
