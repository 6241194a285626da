import { aessiv } from "@noble/ciphers/aes.js";
import { decodeBase64url, encodeBase64url } from "./base64url.js";
import type { RingEntry } from "./keyring.js";

const encoder = new TextEncoder();
const SIV_BYTES = 16;

// Owners are encoded as UTF-16 code units, not UTF-8: owner keys may be any string, and UTF-8
// would turn every lone surrogate into U+FFFD, so two different owners could seal alike.

/**
 * Seals an owner key deterministically with AES-SIV (RFC 5297) under `entry`: equal owners
 * give equal texts, which is what lets the store find sessions by owner. The header is the
 * associated data, so a text cannot be relabelled with another version or key id.
 */
export function sealOwnerWith(entry: RingEntry, owner: string): string {
  const sealed = aessiv(entry.owner, encoder.encode(entry.header)).encrypt(
    Buffer.from(owner, "utf16le"),
  );
  return entry.header + encodeBase64url(sealed);
}

/** Opens a sealed owner's base64url body under `entry`; `null` on any failure. */
export function openOwnerWith(entry: RingEntry, body: string): string | null {
  const bytes = decodeBase64url(body);
  // An odd length cannot be UTF-16 we wrote (SIV_BYTES alone is the empty owner).
  if (bytes === null || bytes.length < SIV_BYTES || (bytes.length - SIV_BYTES) % 2 !== 0) {
    return null;
  }
  try {
    const plain = aessiv(entry.owner, encoder.encode(entry.header)).decrypt(bytes);
    return Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength).toString("utf16le");
  } catch {
    return null;
  }
}
