// Known-answer tests: the primitives this package is built on, wired as it wires them, give
// the published answers (RFC 5297 A.1/A.2, RFC 8452 C.2/C.3, RFC 5869 A.1/A.3).
import { aessiv, gcmsiv } from "@noble/ciphers/aes.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replaceAll(" ", ""), "hex"));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("AES-SIV (RFC 5297 appendix A)", () => {
  it("A.1 deterministic authenticated encryption", () => {
    const key = hex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0 f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    const ad = hex("101112131415161718191a1b1c1d1e1f 2021222324252627");
    const plaintext = hex("112233445566778899aabbccddee");
    const expected = "85632d07c6e8f37f950acd320a2ecc93" + "40c02b9690c4dc04daef7f6afe5c";
    expect(toHex(aessiv(key, ad).encrypt(plaintext))).toBe(expected);
    expect(toHex(aessiv(key, ad).decrypt(hex(expected)))).toBe(toHex(plaintext));
  });

  it("A.2 nonce-based authenticated encryption (two AD components and a nonce)", () => {
    const key = hex("7f7e7d7c7b7a79787776757473727170 404142434445464748494a4b4c4d4e4f");
    const ad1 = hex(
      "00112233445566778899aabbccddeeff deaddadadeaddadaffeeddccbbaa9988 7766554433221100",
    );
    const ad2 = hex("102030405060708090a0");
    const nonce = hex("09f911029d74e35bd84156c5635688c0");
    const plaintext = hex(
      "7468697320697320736f6d6520706c61 696e7465787420746f20656e63727970 74207573696e67205349562d414553",
    );
    const expected =
      "7bdb6e3b432667eb06f4d14bff2fbd0f" +
      "cb900f2fddbe404326601965c889bf17dba77ceb094fa663b7a3f748ba8af829ea64ad544a272e9c485b62a3fd5c0d";
    expect(toHex(aessiv(key, ad1, ad2, nonce).encrypt(plaintext))).toBe(expected);
    expect(toHex(aessiv(key, ad1, ad2, nonce).decrypt(hex(expected)))).toBe(toHex(plaintext));
  });

  it("a flipped bit in the SIV or the ciphertext is refused", () => {
    const key = hex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0 f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    const ad = hex("101112131415161718191a1b1c1d1e1f 2021222324252627");
    for (const index of [0, 15, 16, 29]) {
      const sealed = hex("85632d07c6e8f37f950acd320a2ecc93" + "40c02b9690c4dc04daef7f6afe5c");
      sealed[index]! ^= 1;
      expect(() => aessiv(key, ad).decrypt(sealed)).toThrow();
    }
  });
});

// [key, nonce, aad, plaintext, ciphertext ‖ tag] from RFC 8452 C.2 (AEAD_AES_256_GCM_SIV) and
// C.3 (counter wrap).
const KEY_C2 = "01000000000000000000000000000000 00000000000000000000000000000000";
const NONCE_C2 = "030000000000000000000000";
const GCM_SIV_VECTORS: ReadonlyArray<readonly [string, string, string, string, string]> = [
  [KEY_C2, NONCE_C2, "", "", "07f5f4169bbf55a8400cd47ea6fd400f"],
  [KEY_C2, NONCE_C2, "", "0100000000000000", "c2ef328e5c71c83b843122130f7364b761e0b97427e3df28"],
  [
    KEY_C2,
    NONCE_C2,
    "",
    "01000000000000000000000000000000 02000000000000000000000000000000",
    "4a6a9db4c8c6549201b9edb53006cba821ec9cf850948a7c86c68ac7539d027fe819e63abcd020b006a976397632eb5d",
  ],
  [KEY_C2, NONCE_C2, "01", "0200000000000000", "1de22967237a813291213f267e3b452f02d01ae33e4ec854"],
  [
    KEY_C2,
    NONCE_C2,
    "01000000000000000000000000000000 0200",
    "03000000000000000000000000000000 04000000",
    "43dd0163cdb48f9fe3212bf61b201976067f342bb879ad976d8242acc188ab59cabfe307",
  ],
  [
    "e66021d5eb8e4f4066d4adb9c33560e4 f46e44bb3da0015c94f7088736864200",
    "e0eaf5284d884a0e77d31646",
    "",
    "",
    "169fbb2fbf389a995f6390af22228a62",
  ],
  [
    "bae8e37fc83441b16034566b7a806c46 bb91c3c5aedb64a6c590bc84d1a5e269",
    "e4b47801afc0577e34699b9e",
    "4fbdc66f14",
    "671fdd",
    "0eaccb93da9bb81333aee0c785b240d319719d",
  ],
  [
    "3c535de192eaed3822a2fbbe2ca9dfc8 8255e14a661b8aa82cc54236093bbc23",
    "688089e55540db1872504e1c",
    "734320ccc9d9bbbb19cb81b2af4ecbc3 e72834321f7aa0f70b7282b4f33df23f 167541",
    "ced532ce4159b035277d4dfbb7db6296 8b13cd4eec",
    "626660c26ea6612fb17ad91e8e767639edd6c9faee9d6c7029675b89eaf4ba1ded1a286594",
  ],
  [
    "00000000000000000000000000000000 00000000000000000000000000000000",
    "000000000000000000000000",
    "",
    "00000000000000000000000000000000 4db923dc793ee6497c76dcc03a98e108",
    "f3f80f2cf0cb2dd9c5984fcda908456cc537703b5ba70324a6793a7bf218d3eaffffffff000000000000000000000000",
  ],
  [
    "00000000000000000000000000000000 00000000000000000000000000000000",
    "000000000000000000000000",
    "",
    "eb3640277c7ffd1303c7a542d02d3e4c 0000000000000000",
    "18ce4f0b8cb4d0cac65fea8f79257b20888e53e72299e56dffffffff000000000000000000000000",
  ],
];

describe("AES-256-GCM-SIV (RFC 8452 appendix C.2 and C.3)", () => {
  it.each(GCM_SIV_VECTORS.map((vector, index) => [index, ...vector] as const))(
    "vector %i encrypts and decrypts to the published bytes",
    (_index, key, nonce, aad, plaintext, expected) => {
      const sealed = gcmsiv(hex(key), hex(nonce), hex(aad)).encrypt(hex(plaintext));
      expect(toHex(sealed)).toBe(expected.replaceAll(" ", ""));
      expect(toHex(gcmsiv(hex(key), hex(nonce), hex(aad)).decrypt(sealed))).toBe(
        toHex(hex(plaintext)),
      );
    },
  );

  it("a flipped tag bit, other associated data or a truncated input is refused", () => {
    const [key, nonce, aad, , expected] = GCM_SIV_VECTORS[3]!;
    const sealed = hex(expected);
    sealed[sealed.length - 1]! ^= 0x80;
    expect(() => gcmsiv(hex(key), hex(nonce), hex(aad)).decrypt(sealed)).toThrow();
    expect(() => gcmsiv(hex(key), hex(nonce), hex("02")).decrypt(hex(expected))).toThrow();
    expect(() =>
      gcmsiv(hex(key), hex(nonce), hex(aad)).decrypt(hex(expected).subarray(0, 15)),
    ).toThrow();
  });
});

describe("HKDF-SHA256 (RFC 5869 appendix A)", () => {
  const ikm = new Uint8Array(22).fill(0x0b);
  it("A.1 with salt and info", () => {
    const okm = hkdf(
      sha256,
      ikm,
      hex("000102030405060708090a0b0c"),
      hex("f0f1f2f3f4f5f6f7f8f9"),
      42,
    );
    expect(toHex(okm)).toBe(
      "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    );
  });
  it("A.3 without salt and info (how subkeys are derived: no salt)", () => {
    expect(toHex(hkdf(sha256, ikm, undefined, undefined, 42))).toBe(
      "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    );
  });
});
