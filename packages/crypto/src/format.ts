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

const PREFIX = `${FORMAT_VERSION}.`;

/** The parts of a sealed text; the body is still base64url, its alphabet not yet checked. */
export interface SealedText {
  /** Key id text, as it appears in the header. */
  readonly kid: string;
  /** Body: any non-empty text; the strict base64url decoder refuses all but canonical text. */
  readonly body: string;
}

/** The header (`v1.<kid>.`) of ciphertexts written under `kid`. */
export function headerOf(kid: string): string {
  return `${FORMAT_VERSION}.${kid}.`;
}

/**
 * Splits a sealed text, or returns `null` when its header is not `v1.<canonical key id>.` or
 * its body is empty. The body's characters are not checked here (a regular expression over a
 * 1.4 KB body cost ~0.7 µs): every caller decodes it with the strict base64url decoder
 * (src/base64url.ts), which accepts canonical base64url only.
 */
export function parseSealed(text: unknown): SealedText | null {
  if (typeof text !== "string" || !text.startsWith(PREFIX)) return null;
  const dot = text.indexOf(".", PREFIX.length);
  if (dot < 0 || dot === text.length - 1) return null;
  const kid = text.slice(PREFIX.length, dot);
  if (!KID_PATTERN.test(kid)) return null;
  return { kid, body: text.slice(dot + 1) };
}
