import { decodeBase64urlInto } from "./base64url.js";
import { Aes256GcmSiv } from "./gcm-siv.js";
import type { RingEntry } from "./keyring.js";
import { randomNonce } from "./nonces.js";

/** `String.prototype.isWellFormed` (Node 20; not in TypeScript's ES2022 lib). */
interface WellFormed {
  isWellFormed(): boolean;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

// Work buffer for the body (`nonce ‖ ciphertext ‖ tag`) of payloads that fit, so a seal or an
// open allocates no buffer of the payload's size: sealing encrypts the UTF-8 text in place,
// opening decrypts the decoded body in place. Plaintext is there only during a call: a seal
// overwrites it with ciphertext (or zeroes it if anything throws), an open zeroes it once
// decoded. Larger payloads take a buffer of their own.
const WORK_BYTES = 16 * 1024;
const work = Buffer.alloc(WORK_BYTES);

/** The work buffer, for the tests that check no plaintext stays in it. */
export const payloadWorkBuffer: Buffer = work;

// One native-AES GCM-SIV instance per key of the ring, made on first use.
const aeads = new WeakMap<RingEntry, Aes256GcmSiv>();
function aeadOf(entry: RingEntry): Aes256GcmSiv {
  let aead = aeads.get(entry);
  if (aead === undefined) {
    aead = new Aes256GcmSiv(entry.payload);
    aeads.set(entry, aead);
  }
  return aead;
}

/**
 * The associated data of a payload: its header and the record key (the session handle).
 * The header ends in `.` and key ids have no `.`, so the split is unambiguous.
 */
function associatedData(entry: RingEntry, recordKey: string): Buffer {
  return Buffer.from(entry.header + recordKey, "utf8");
}

/**
 * Seals a payload with AES-256-GCM-SIV (RFC 8452) under `entry`, a fresh random 12-byte nonce
 * and the record key bound as associated data: a ciphertext copied to another record does not
 * open. GCM-SIV rather than GCM: a repeated random nonce (2^-96 per pair, but many records)
 * then only reveals that two plaintexts were equal instead of leaking the authentication key.
 */
export function sealPayloadWith(entry: RingEntry, plaintext: string, recordKey: string): string {
  if (!(plaintext as unknown as WellFormed).isWellFormed()) {
    // Lone surrogates do not survive UTF-8; core's JSON never has them. Refuse, never mangle.
    throw new TypeError("@sessions/crypto: a payload must be well-formed Unicode text");
  }
  const aead = aeadOf(entry);
  const aad = associatedData(entry, recordKey);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: the work buffer is checked against that
  // bound, so the text need not be measured first.
  const body =
    NONCE_BYTES + 3 * plaintext.length + TAG_BYTES <= WORK_BYTES
      ? work
      : Buffer.allocUnsafe(NONCE_BYTES + Buffer.byteLength(plaintext, "utf8") + TAG_BYTES);
  let length = 0;
  try {
    length = body.write(plaintext, NONCE_BYTES, "utf8");
    const nonce = randomNonce();
    body.set(nonce, 0);
    aead.sealInPlace(nonce, aad, body, NONCE_BYTES, length);
  } catch (error) {
    body.fill(0, NONCE_BYTES, NONCE_BYTES + length);
    throw error;
  }
  return entry.header + body.toString("base64url", 0, NONCE_BYTES + length + TAG_BYTES);
}

/** Opens a payload's base64url body under `entry` for `recordKey`; `null` on any failure. */
export function openPayloadWith(entry: RingEntry, body: string, recordKey: string): string | null {
  let bytes = work;
  let size = decodeBase64urlInto(body, work);
  if (size < 0 && (body.length * 3) >>> 2 > WORK_BYTES) {
    // Too long for the work buffer: decode into one of its own size.
    bytes = Buffer.allocUnsafe((body.length * 3) >>> 2);
    size = decodeBase64urlInto(body, bytes);
  }
  if (size < NONCE_BYTES + TAG_BYTES) return null;
  const length = size - NONCE_BYTES - TAG_BYTES;
  try {
    const aad = associatedData(entry, recordKey);
    const nonce = bytes.subarray(0, NONCE_BYTES);
    if (!aeadOf(entry).openInPlace(nonce, aad, bytes, NONCE_BYTES, length)) return null;
    return bytes.toString("utf8", NONCE_BYTES, NONCE_BYTES + length);
  } finally {
    // The plaintext (or, after a failure, what decrypting gave) leaves the buffer at once.
    bytes.fill(0, NONCE_BYTES, NONCE_BYTES + length);
  }
}
