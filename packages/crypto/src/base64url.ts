/** Strict base64url (RFC 4648 §5, no padding) over `Buffer`, which is native and fast. */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** base64url text of `bytes`, without padding. */
export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/**
 * Bytes of canonical base64url `text`, or `null`. `Buffer` alone skips stray characters and
 * ignores the unused low bits of the last character, so several texts would decode to the
 * same bytes; only the one text `encodeBase64url` produces is accepted.
 */
export function decodeBase64url(text: string, checkAlphabet = true): Uint8Array | null {
  if (checkAlphabet && !ALPHABET.test(text)) return null;
  const tail = text.length % 4;
  if (tail === 1) return null;
  if (tail !== 0) {
    const unusedBits = tail === 2 ? 0x0f : 0x03;
    if ((sextet(text.charCodeAt(text.length - 1)) & unusedBits) !== 0) return null;
  }
  return Buffer.from(text, "base64url");
}

function sextet(code: number): number {
  if (code >= 65 && code <= 90) return code - 65; // A-Z
  if (code >= 97 && code <= 122) return code - 71; // a-z
  if (code >= 48 && code <= 57) return code + 4; // 0-9
  return code === 45 ? 62 : 63; // - and _
}
