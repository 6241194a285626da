import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { memoryDriver, type SessionCipher } from "@sessions/core";
import { describe, expect, it } from "vitest";
import { findLeaks, runAtRestCheck, scanAll } from "../src/index.js";

// A test double built on node:crypto (the real cipher lives in @sessions/crypto, which this
// package must not depend on): owners deterministic (CBC, fixed IV), payloads GCM bound to
// the record key. Enough to prove the check passes on ciphertext.
const key = randomBytes(32);
const ownerIv = Buffer.alloc(16, 7);
const seal = (mode: "aes-256-cbc", text: string) => {
  const cipher = createCipheriv(mode, key, ownerIv);
  return Buffer.concat([cipher.update(text, "utf8"), cipher.final()]).toString("base64url");
};
const testCipher: SessionCipher = {
  sealOwner: (owner) => seal("aes-256-cbc", owner),
  ownerForms: (owner) => [seal("aes-256-cbc", owner)],
  openOwner(sealed) {
    const decipher = createDecipheriv("aes-256-cbc", key, ownerIv);
    return Buffer.concat([
      decipher.update(Buffer.from(sealed, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  },
  sealPayload(plaintext, recordKey) {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(recordKey));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  },
  openPayload(sealed, recordKey) {
    const bytes = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(recordKey)).setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  },
};

runAtRestCheck({
  name: "memory with a test cipher",
  create: () => memoryDriver(),
  cipher: testCipher,
  dump: async (driver) => JSON.stringify(await scanAll(driver)),
  sessions: 20,
});

describe("findLeaks", () => {
  const secret = "Alice@Example.com";
  it.each([
    ["as text", secret],
    ["case folded", secret.toUpperCase()],
    ["as hex", Buffer.from(secret).toString("hex")],
    ["as base64", Buffer.from(secret).toString("base64")],
    ["as base64url inside other text", `xx${Buffer.from(secret).toString("base64url")}yy`],
    ["as UTF-16 hex", Buffer.from(secret, "utf16le").toString("hex")],
    ["in a binary page", Buffer.from(`\0\0${secret}\0`).toString("latin1")],
  ])("finds a secret %s", (_, text) => {
    expect(findLeaks(text, [secret, "unrelated"])).toEqual([secret]);
  });

  it("finds nothing in ciphertext", () => {
    expect(findLeaks(testCipher.sealPayload(secret, "k"), [secret])).toEqual([]);
  });
});
