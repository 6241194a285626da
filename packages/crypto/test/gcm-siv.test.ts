// The native-AES GCM-SIV gives exactly @noble/ciphers' `gcmsiv` bytes (itself checked against
// RFC 8452 in kat.test.ts) on random inputs of every length class, and refuses tampering.
import { randomBytes } from "node:crypto";
import { gcmsiv } from "@noble/ciphers/aes.js";
import { describe, expect, it } from "vitest";
import { Aes256GcmSiv } from "../src/gcm-siv.js";

describe("Aes256GcmSiv (native AES + POLYVAL)", () => {
  it("matches noble's gcmsiv byte for byte on random keys, nonces, AD and lengths", () => {
    for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 255, 1024, 1041, 4099, 65_536]) {
      for (const adLength of [0, 1, 16, 43, 50]) {
        const key = randomBytes(32);
        const nonce = randomBytes(12);
        const aad = randomBytes(adLength);
        const plaintext = randomBytes(length);
        const expected = gcmsiv(key, nonce, aad).encrypt(plaintext);
        const ours = new Aes256GcmSiv(key);
        const sealed = ours.seal(nonce, aad, plaintext);
        expect(Buffer.from(sealed).equals(Buffer.from(expected)), `${length}/${adLength}`).toBe(
          true,
        );
        expect(ours.open(nonce, aad, sealed)?.equals(plaintext)).toBe(true);
      }
    }
  });

  it("reproduces the RFC 8452 C.3 counter-wrap vector", () => {
    const ours = new Aes256GcmSiv(new Uint8Array(32));
    const plaintext = Buffer.from(
      "000000000000000000000000000000004db923dc793ee6497c76dcc03a98e108",
      "hex",
    );
    expect(ours.seal(new Uint8Array(12), new Uint8Array(0), plaintext).toString("hex")).toBe(
      "f3f80f2cf0cb2dd9c5984fcda908456cc537703b5ba70324a6793a7bf218d3eaffffffff000000000000000000000000",
    );
  });

  it("refuses a flipped bit anywhere, other AD, another nonce and truncation", () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const aad = Buffer.from("record-key");
    const ours = new Aes256GcmSiv(key);
    const sealed = ours.seal(nonce, aad, Buffer.from("the session payload"));
    for (let bit = 0; bit < sealed.length * 8; bit += 7) {
      const tampered = Buffer.from(sealed);
      tampered[bit >> 3]! ^= 1 << (bit & 7);
      expect(ours.open(nonce, aad, tampered)).toBeNull();
    }
    expect(ours.open(nonce, Buffer.from("other-key"), sealed)).toBeNull();
    expect(ours.open(randomBytes(12), aad, sealed)).toBeNull();
    expect(ours.open(nonce, aad, sealed.subarray(0, 15))).toBeNull();
    expect(() => new Aes256GcmSiv(randomBytes(16))).toThrow(RangeError);
    expect(() => ours.seal(randomBytes(8), aad, sealed)).toThrow(RangeError);
  });
});
