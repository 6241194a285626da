import { ConfigError } from "@sessions/core";

/** Default key prefix of {@link redisDriver}. */
export const DEFAULT_PREFIX = "sessions:";

// Printable ASCII without space, glob characters (`* ? [ ] \`) or hash-tag braces (`{ }`):
// the prefix is used raw in SCAN MATCH patterns and must never pin keys to one cluster slot.
const PREFIX_PATTERN = /^[!-~]{1,256}$/;
const FORBIDDEN = /[*?[\]{}\\]/;

/**
 * Every Redis key the driver writes, derived from one validated prefix:
 * - `<prefix>s:<record key>`: a session record (a string, see `record-codec.ts`);
 * - `<prefix>o:<owner>`: the owner index of an owner that is well-formed Unicode;
 * - `<prefix>O:<JSON of owner>`: the owner index of an owner holding lone surrogates.
 */
export interface KeyLayout {
  /** The validated prefix; every key starts with it. */
  readonly base: string;
  /** Prefix of record keys: `<prefix>s:`. */
  readonly records: string;
}

/** Validates `prefix` (throws `ConfigError`) and returns the key layout built on it. */
export function keyLayout(prefix: unknown = DEFAULT_PREFIX): KeyLayout {
  if (typeof prefix !== "string" || !PREFIX_PATTERN.test(prefix) || FORBIDDEN.test(prefix)) {
    throw new ConfigError(
      "redis prefix must be 1 to 256 printable ASCII characters without spaces, * ? [ ] \\ { }",
    );
  }
  return { base: prefix, records: `${prefix}s:` };
}

/** Escapes Redis glob metacharacters so `text` matches itself in SCAN MATCH. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\^]/g, "\\$&");
}
