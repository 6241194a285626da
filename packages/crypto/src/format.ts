/**
 * The text layout of every ciphertext this package writes, owners and payloads alike:
 *
 *     v1.<kid>.<base64url body>
 *
 * `v1` is the format version, `<kid>` the key id in canonical decimal (`0`, `1`, `42`; no
 * sign, no leading zero), the body base64url without padding. Owner bodies are
 * `SIV (16 bytes) ‖ ciphertext`; payload bodies are `nonce (12) ‖ ciphertext ‖ tag (16)`.
 * The header `v1.<kid>.` is authenticated as associated data, so it cannot be edited.
 */

/** Format version written by this release; readers accept exactly the versions listed here. */
export const FORMAT_VERSION = "v1";

/** A key id as stored: canonical decimal of a safe non-negative integer. */
export const KID_PATTERN = /^(?:0|[1-9][0-9]{0,15})$/;

const SEALED = /^v1\.(0|[1-9][0-9]{0,15})\.([A-Za-z0-9_-]+)$/;

/** The parts of a sealed text; the body is still base64url. */
export interface SealedText {
  /** Key id text, as it appears in the header. */
  readonly kid: string;
  /** Base64url body. */
  readonly body: string;
}

/** The header (`v1.<kid>.`) of ciphertexts written under `kid`. */
export function headerOf(kid: string): string {
  return `${FORMAT_VERSION}.${kid}.`;
}

/** Splits a sealed text, or returns `null` when it does not have the v1 layout. */
export function parseSealed(text: unknown): SealedText | null {
  if (typeof text !== "string") return null;
  const match = SEALED.exec(text);
  if (match === null) return null;
  return { kid: match[1]!, body: match[2]! };
}
