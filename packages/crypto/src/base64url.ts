/** Strict base64url (RFC 4648 §5, no padding) over `Buffer`, which is native and fast. */

/** base64url text of `bytes`, without padding. */
export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/**
 * Bytes of canonical base64url `text`, or `null`. `Buffer` alone skips stray characters,
 * accepts `+`, `/` and `=`, and ignores the unused low bits of the last character, so several
 * texts would decode to the same bytes; only the one text `encodeBase64url` produces is
 * accepted: the bytes must encode back to exactly `text`.
 */
export function decodeBase64url(text: string): Buffer | null {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

/**
 * Decodes canonical base64url `text` (as `decodeBase64url` accepts it) into `target` from
 * offset 0: the number of bytes written, or -1 when `text` is not canonical or its bytes do
 * not fit (`target` may then hold some of them).
 */
export function decodeBase64urlInto(text: string, target: Buffer): number {
  // Canonical text of n bytes has ceil(4n / 3) characters, so at most floor(3 * length / 4) bytes.
  if ((text.length * 3) >>> 2 > target.length) return -1;
  const length = target.write(text, 0, "base64url");
  return target.toString("base64url", 0, length) === text ? length : -1;
}
