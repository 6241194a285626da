/**
 * Payloads must round-trip byte for byte as JavaScript strings, but PostgreSQL TEXT refuses
 * NUL and UTF-8 cannot hold a lone surrogate. Such (rare) payloads, and any payload starting
 * with the marker itself, are stored as the marker U+0001 followed by base64 of their UTF-16
 * code units; every other payload is stored unchanged.
 */
const MARKER = "\u0001";

const wellFormed = (value: string): boolean =>
  (value as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The value bound for the payload column. */
export function encodePayload(payload: string): string {
  if (wellFormed(payload) && !payload.includes("\0") && !payload.startsWith(MARKER)) {
    return payload;
  }
  return MARKER + Buffer.from(payload, "utf16le").toString("base64");
}

/** The payload of a stored value (see {@link encodePayload}). */
export function decodePayload(stored: string): string {
  return stored.startsWith(MARKER)
    ? Buffer.from(stored.slice(1), "base64").toString("utf16le")
    : stored;
}
