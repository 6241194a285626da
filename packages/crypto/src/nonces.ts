import { randomBytes } from "node:crypto";

const NONCE_BYTES = 12;
// Nonces drawn per CSPRNG call: one randomBytes call costs ~1.7 µs whatever its size up to a
// few KB here, which was a tenth of a payload seal.
const POOL_NONCES = 256;

let pool = Buffer.alloc(0);
let next = 0;

/**
 * A fresh random 96-bit nonce from node:crypto's CSPRNG. Bytes are drawn in batches of 256
 * nonces; each batch is a new buffer, never refilled, so a returned nonce never changes. The
 * nonces waiting in the batch are not secret: each is written in clear into a ciphertext.
 */
export function randomNonce(): Buffer {
  if (next === pool.length) {
    pool = randomBytes(POOL_NONCES * NONCE_BYTES);
    next = 0;
  }
  next += NONCE_BYTES;
  return pool.subarray(next - NONCE_BYTES, next);
}
