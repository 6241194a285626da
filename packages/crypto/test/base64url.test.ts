// The strict base64url decoder accepts exactly the texts the encoder writes.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeBase64url, decodeBase64urlInto, encodeBase64url } from "../src/base64url.js";

describe("base64url", () => {
  it("decodes what it encodes, for every length class", () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      const text = encodeBase64url(bytes);
      expect(decodeBase64url(text)?.equals(bytes)).toBe(true);
      const target = Buffer.alloc(length + 3);
      expect(decodeBase64urlInto(text, target)).toBe(length);
      expect(target.subarray(0, length).equals(bytes)).toBe(true);
    }
  });

  it("refuses every other text: other alphabets, padding, stray characters, non-canonical tails", () => {
    const text = encodeBase64url(Buffer.from([0xfb, 0xff, 0xbf, 0x01, 0x02])); // "-_-_AQI"
    expect(text).toBe("-_-_AQI");
    const bad = [
      "+/+/AQI", // standard alphabet
      "-_-_AQI=", // padding
      " -_-_AQI",
      "-_-_\nAQI",
      "-_-_.AQI",
      "-_-_AQJ", // unused low bits set
      "-_-_AQIAA", // length % 4 === 1: a dangling character
      "-_-_AQIé",
    ];
    for (const other of bad) {
      expect(decodeBase64url(other), other).toBeNull();
      expect(decodeBase64urlInto(other, Buffer.alloc(64)), other).toBe(-1);
    }
    expect(decodeBase64url("")?.length).toBe(0);
  });

  it("decodeBase64urlInto refuses text whose bytes would not fit", () => {
    const text = encodeBase64url(randomBytes(30));
    expect(decodeBase64urlInto(text, Buffer.alloc(29))).toBe(-1);
    expect(decodeBase64urlInto(text, Buffer.alloc(30))).toBe(30);
  });
});
