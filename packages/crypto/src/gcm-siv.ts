import { type Cipher, createCipheriv, timingSafeEqual } from "node:crypto";
import { polyval } from "./polyval.js";

const BLOCK = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function aesEcb(key: Uint8Array): Cipher {
  const cipher = createCipheriv("aes-256-ecb", key, null);
  // Always fed whole blocks: ECB keeps no state between updates, so one object serves many.
  cipher.setAutoPadding(false);
  return cipher;
}

/**
 * AES-256-GCM-SIV (RFC 8452). The block cipher work (per-nonce key derivation, the tag block,
 * the CTR keystream) runs in node:crypto's native AES (AES-NI, constant time); POLYVAL runs in
 * a small constant-time WebAssembly module (src/polyval.wat). Same bytes as @noble/ciphers'
 * `gcmsiv` (checked against RFC 8452 appendix C and against noble on random inputs).
 */
export class Aes256GcmSiv {
  // Key-generating key: used only to derive the per-nonce keys.
  readonly #derivation: Cipher;

  /** @param key the 32-byte key-generating key. */
  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError("AES-256-GCM-SIV needs a 32-byte key");
    this.#derivation = aesEcb(key);
  }

  /** `ciphertext ‖ tag (16 bytes)` of `plaintext` under a 12-byte nonce and associated data. */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Buffer {
    const { authKey, block } = this.#perNonce(nonce);
    const tag = block.update(this.#tagInput(authKey, nonce, aad, plaintext));
    const sealed = Buffer.allocUnsafe(plaintext.length + TAG_BYTES);
    this.#ctr(block, tag, plaintext, sealed);
    sealed.set(tag, plaintext.length);
    return sealed;
  }

  /** The plaintext of `ciphertext ‖ tag`, or `null` when anything does not authenticate. */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Buffer | null {
    if (sealed.length < TAG_BYTES) return null;
    const { authKey, block } = this.#perNonce(nonce);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const plaintext = Buffer.allocUnsafe(sealed.length - TAG_BYTES);
    this.#ctr(block, tag, sealed.subarray(0, plaintext.length), plaintext);
    const expected = block.update(this.#tagInput(authKey, nonce, aad, plaintext));
    if (!timingSafeEqual(expected, tag)) {
      plaintext.fill(0);
      return null;
    }
    return plaintext;
  }

  /** RFC 8452 §4: the message-authentication key and an AES block cipher under the message-encryption key. */
  #perNonce(nonce: Uint8Array): { authKey: Uint8Array; block: Cipher } {
    if (nonce.length !== NONCE_BYTES) throw new RangeError("AES-GCM-SIV needs a 12-byte nonce");
    // Every byte is written below, so no zero-fill is needed.
    const counters = Buffer.allocUnsafe(6 * BLOCK);
    for (let i = 0; i < 6; i++) {
      counters.writeUInt32LE(i, i * BLOCK);
      counters.set(nonce, i * BLOCK + 4);
    }
    const derived = this.#derivation.update(counters);
    const half = (i: number) => derived.subarray(i * BLOCK, i * BLOCK + 8);
    const authKey = Buffer.concat([half(0), half(1)]);
    const encryptionKey = Buffer.concat([half(2), half(3), half(4), half(5)]);
    const block = aesEcb(encryptionKey);
    derived.fill(0);
    encryptionKey.fill(0);
    return { authKey, block };
  }

  /** POLYVAL over the padded AD, padded plaintext and length block, masked with the nonce. */
  #tagInput(
    authKey: Uint8Array,
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
  ): Uint8Array {
    const lengths = Buffer.allocUnsafe(BLOCK);
    writeBitLength(lengths, 0, aad.length);
    writeBitLength(lengths, 8, plaintext.length);
    // polyval pads each segment itself: no concatenated copy of the plaintext is made.
    const sum = polyval(authKey, [aad, plaintext, lengths]);
    for (let i = 0; i < NONCE_BYTES; i++) sum[i]! ^= nonce[i]!;
    sum[15]! &= 0x7f;
    return sum;
  }

  /** AES-CTR with the RFC 8452 counter: the tag with its top bit set, first 32 bits little-endian. */
  #ctr(block: Cipher, tag: Uint8Array, input: Uint8Array, output: Uint8Array): void {
    const blocks = Math.ceil(input.length / BLOCK);
    if (blocks === 0) return;
    const first = Buffer.from(tag);
    first[15]! |= 0x80;
    // Repeat the first block natively, then step each block's counter word: ~3x faster on 1 KB
    // than copying block by block. DataView, not Uint32Array: little-endian on any host.
    const counters = Buffer.allocUnsafe(blocks * BLOCK).fill(first);
    const words = new DataView(counters.buffer, counters.byteOffset, counters.byteLength);
    const start = words.getUint32(0, true);
    for (let i = 1; i < blocks; i++) words.setUint32(i * BLOCK, (start + i) >>> 0, true);
    const stream = block.update(counters);
    for (let i = 0; i < input.length; i++) output[i] = input[i]! ^ stream[i]!;
  }
}

function writeBitLength(target: Buffer, offset: number, bytes: number): void {
  const bits = bytes * 8;
  target.writeUInt32LE(bits % 2 ** 32, offset);
  target.writeUInt32LE(Math.floor(bits / 2 ** 32), offset + 4);
}
