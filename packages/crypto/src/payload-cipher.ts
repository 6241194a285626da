import { decodeBase64url, encodeBase64url } from "./base64url.js";
import { Aes256GcmSiv } from "./gcm-siv.js";
import type { RingEntry } from "./keyring.js";
import { randomNonce } from "./nonces.js";

/** `String.prototype.isWellFormed` (Node 20; not in TypeScript's ES2022 lib). */
interface WellFormed {
  isWellFormed(): boolean;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

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
  const plain = Buffer.from(plaintext, "utf8");
  const nonce = randomNonce();
  const sealed = aeadOf(entry).seal(nonce, associatedData(entry, recordKey), plain);
  const body = Buffer.allocUnsafe(NONCE_BYTES + sealed.length);
  body.set(nonce, 0);
  body.set(sealed, NONCE_BYTES);
  return entry.header + encodeBase64url(body);
}

/** Opens a payload's base64url body under `entry` for `recordKey`; `null` on any failure. */
export function openPayloadWith(entry: RingEntry, body: string, recordKey: string): string | null {
  const bytes = decodeBase64url(body, false);
  if (bytes === null || bytes.length < NONCE_BYTES + TAG_BYTES) return null;
  const plain = aeadOf(entry).open(
    bytes.subarray(0, NONCE_BYTES),
    associatedData(entry, recordKey),
    bytes.subarray(NONCE_BYTES),
  );
  return plain === null ? null : plain.toString("utf8");
}
