import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";

const encoder = new TextEncoder();

// The info strings name the purpose, the algorithm and the format version: a new format or
// purpose gets unrelated keys from the same master key, and no subkey serves two algorithms.
const OWNER_INFO = encoder.encode("@sessions/crypto v1 owner AES-SIV-CMAC-512 (RFC 5297)");
const PAYLOAD_INFO = encoder.encode("@sessions/crypto v1 payload AES-256-GCM-SIV (RFC 8452)");

/** The per-purpose keys derived from one 32-byte master key. */
export interface Subkeys {
  /** 64 bytes: AES-SIV with two AES-256 keys (S2V/CMAC key ‖ CTR key). */
  readonly owner: Uint8Array;
  /** 32 bytes: AES-256-GCM-SIV key-generating key. */
  readonly payload: Uint8Array;
}

/**
 * Derives the owner and payload subkeys of a master key with HKDF-SHA256 (RFC 5869). No salt:
 * master keys are already uniformly random, which is what the salt would otherwise buy.
 */
export function deriveSubkeys(master: Uint8Array): Subkeys {
  return {
    owner: hkdf(sha256, master, undefined, OWNER_INFO, 64),
    payload: hkdf(sha256, master, undefined, PAYLOAD_INFO, 32),
  };
}
