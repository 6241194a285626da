// The WebAssembly POLYVAL (src/polyval.wat) gives exactly @noble/ciphers' POLYVAL on random
// keys and inputs of every size, the RFC 8452 answers, and leaves its memory zeroed.
import { spawnSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { fileURLToPath } from "node:url";
import { polyval as noblePolyval } from "@noble/ciphers/_polyval.js";
import { describe, expect, it } from "vitest";
import { polyval } from "../src/polyval.js";
import { polyvalWasm } from "../src/polyval-instance.js";
import { polyvalJs } from "../src/polyval-js.js";

const hex = (text: string) => Buffer.from(text, "hex");
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
// What GCM-SIV hands POLYVAL: each segment zero-padded to whole blocks, laid end to end.
const padded = (segments: Uint8Array[]) =>
  Buffer.concat(segments.map((s) => Buffer.concat([s, Buffer.alloc(-s.length & 15)])));
const heap = () => {
  if (polyvalWasm === null) throw new Error("the tests run with WebAssembly");
  return polyvalWasm.heap;
};
// Bytes the module's memory holds in chunks (src/polyval.ts): lengths around it cross chunks.
const CHUNK = 65_536 - 32;

describe("POLYVAL in WebAssembly", () => {
  it("RFC 8452 appendix A: POLYVAL(H, X_1, X_2)", () => {
    const key = hex("25629347589242761d31f826ba4b757b");
    const blocks = hex("4f4f95668c83dfb6401762bb2d01a262" + "d1a24ddd2721d006bbe45f20d3c9f362");
    expect(toHex(polyval(key, [blocks]))).toBe("f7a3b47b846119fae5b7866cf5e5b77e");
    expect(toHex(polyval(key, [blocks.subarray(0, 16)]))).toBe("cedac64537ff50989c16011551086d77");
  });

  it("RFC 8452 appendix C.2: POLYVAL results of two vectors, fed as AD, plaintext, lengths", () => {
    // 8-byte plaintext, no AD
    const first = [hex(""), hex("0100000000000000"), hex("00000000000000004000000000000000")];
    expect(toHex(polyval(hex("d9b360279694941ac5dbc6987ada7377"), first))).toBe(
      "eb93b7740962c5e49d2a90a7dc5cec74",
    );
    // 15-byte AD and 9-byte plaintext: both padded by polyval itself
    const second = [
      hex("489c8fde2be2cf97e74e932d4ed87d"),
      hex("c9882e5386fd9f92ec"),
      hex("78000000000000004800000000000000"),
    ];
    expect(toHex(polyval(hex("0533fd71f4119257361a3ff1469dd4e5"), second))).toBe(
      "bf160bc9ded8c63057d2c38aae552fb4",
    );
  });

  it("matches noble on 3,000 random keys and block-aligned inputs of 0-5,000 bytes", () => {
    for (let i = 0; i < 3000; i++) {
      const key = randomBytes(16);
      const input = randomBytes(randomInt(0, 313) * 16);
      expect(toHex(polyval(key, [input])), `${input.length} bytes`).toBe(
        toHex(noblePolyval(input, key)),
      );
    }
  });

  it("matches noble on 1,000 random AD / plaintext / lengths segments of any length", () => {
    for (let i = 0; i < 1000; i++) {
      const key = randomBytes(16);
      const segments = [
        randomBytes(randomInt(0, 100)),
        randomBytes(randomInt(0, 5000)),
        randomBytes(16),
      ];
      expect(toHex(polyval(key, segments))).toBe(toHex(noblePolyval(padded(segments), key)));
    }
  });

  it("matches noble across the chunk boundary and on inputs of several MB", () => {
    const key = randomBytes(16);
    for (const length of [CHUNK - 16, CHUNK, CHUNK + 16, 2 * CHUNK, 1 << 20, 3 * (1 << 20) + 48]) {
      const input = randomBytes(length);
      expect(toHex(polyval(key, [input])), `${length} bytes`).toBe(toHex(noblePolyval(input, key)));
    }
    // segments that end, and get padded, on either side of a chunk boundary
    for (const first of [CHUNK - 20, CHUNK - 16, CHUNK - 1, CHUNK, CHUNK + 5]) {
      const segments = [randomBytes(first), randomBytes(CHUNK + 7), randomBytes(16)];
      expect(toHex(polyval(key, segments)), `${first}`).toBe(
        toHex(noblePolyval(padded(segments), key)),
      );
    }
  });

  it("leaves no key, input or accumulator byte in the module's memory", () => {
    const memory = heap();
    expect(memory.length).toBe(65_536);
    for (const length of [0, 5, 1104, CHUNK + 100, 1 << 20]) {
      polyval(randomBytes(16), [randomBytes(length), randomBytes(16)]);
      expect(
        memory.every((byte) => byte === 0),
        `${length} bytes`,
      ).toBe(true);
    }
    expect(memory.length).toBe(65_536); // never grown
  });

  it("refuses a key that is not 16 bytes, leaving the memory untouched", () => {
    for (const length of [0, 15, 17, 32]) {
      expect(() => polyval(randomBytes(length), [randomBytes(32)])).toThrow(RangeError);
    }
    expect(heap().every((byte) => byte === 0)).toBe(true);
  });
});

describe("POLYVAL without WebAssembly", () => {
  it("the JavaScript fallback gives the WebAssembly results", () => {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(16);
      const segments = [
        randomBytes(randomInt(0, 60)),
        randomBytes(randomInt(0, 3000)),
        randomBytes(16),
      ];
      expect(toHex(polyvalJs(key, segments))).toBe(toHex(polyval(key, segments)));
    }
  });

  it("under node --jitless (no WebAssembly) GCM-SIV falls back to it and still matches noble", () => {
    const script = `
      import { randomBytes } from "node:crypto";
      import { gcmsiv } from "@noble/ciphers/aes.js";
      import { Aes256GcmSiv } from "./src/gcm-siv.ts";
      import { polyvalWasm } from "./src/polyval-instance.ts";
      if (polyvalWasm !== null) throw new Error("WebAssembly was available");
      const [key, nonce, aad, text] = [randomBytes(32), randomBytes(12), randomBytes(20), randomBytes(1021)];
      const ours = new Aes256GcmSiv(key).seal(nonce, aad, text);
      if (!ours.equals(gcmsiv(key, nonce, aad).encrypt(text))) throw new Error("differs from noble");
      console.log("ok");
    `;
    const run = spawnSync(
      process.execPath,
      ["--jitless", "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8" },
    );
    expect(run.stderr).not.toContain("Error");
    expect(run.stdout.trim()).toBe("ok");
  });
});
