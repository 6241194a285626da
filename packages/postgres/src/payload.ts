/**
 * Payloads and owners must round-trip byte for byte as JavaScript strings, but PostgreSQL TEXT
 * refuses NUL and UTF-8 cannot hold a lone surrogate (it would become U+FFFD, and two owners
 * could collide). Such (rare) values, and any value starting with the marker itself, are
 * stored as the marker U+0001 followed by base64 of their UTF-16 code units; every other value
 * is stored unchanged. The encoding is deterministic, so owner lookups stay exact.
 */
const MARKER = "\u0001";

/** Whether `value` holds no lone surrogate (so UTF-8 carries it unchanged). */
export const wellFormed = (value: string): boolean =>
  (value as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The value bound for the payload or owner column. */
export function encodeText(text: string): string {
  if (wellFormed(text) && !text.includes("\0") && !text.startsWith(MARKER)) return text;
  return MARKER + Buffer.from(text, "utf16le").toString("base64");
}

/** {@link encodeText} of an owner, `null` kept. */
export const encodeOwner = (owner: string | null): string | null =>
  owner === null ? null : encodeText(owner);

/** The string of a stored value (see {@link encodeText}). */
export function decodeText(stored: string): string {
  return stored.startsWith(MARKER)
    ? Buffer.from(stored.slice(1), "base64").toString("utf16le")
    : stored;
}
