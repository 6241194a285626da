import { createHmac, hash, randomBytes } from "node:crypto";
import { ConfigError, InvalidSessionIdError } from "./errors.js";

/** Characters and lengths a token may have: base64url, 32 to 128 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

// Drawing 32 bytes at a time costs a syscall per token; a pooled buffer amortises it.
const POOL_TOKENS = 128;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** 32 bytes from the CSPRNG, base64url (43 characters). */
export function generateToken(): string {
  if (poolOffset >= pool.length) {
    pool = randomBytes(32 * POOL_TOKENS);
    poolOffset = 0;
  }
  const token = pool.toString("base64url", poolOffset, poolOffset + 32);
  pool.fill(0, poolOffset, poolOffset + 32);
  poolOffset += 32;
  return token;
}

/** Throws `InvalidSessionIdError` unless `value` is a well-formed token. */
export function assertToken(value: unknown): asserts value is string {
  if (typeof value !== "string" || !TOKEN_PATTERN.test(value)) throw new InvalidSessionIdError();
}

/** Wraps an `idFactory` so every token it makes is checked for charset and length. */
export function checkedTokenFactory(factory: () => string): () => string {
  return () => {
    const token = factory();
    if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) {
      throw new ConfigError("idFactory must return 32 to 128 base64url characters");
    }
    return token;
  };
}

/** Maps a token to the digest that is stored: SHA-256, or HMAC-SHA-256 with a secret. */
export type TokenDigest = (token: string) => string;

/** Builds the token digest function for the given secret (or none). */
export function tokenDigest(secret?: string | Uint8Array): TokenDigest {
  if (secret === undefined) {
    // One-shot crypto.hash (Node >= 20.12) costs a third of createHash().update().digest().
    return (token) => hash("sha256", token, "base64url");
  }
  const key = typeof secret === "string" ? Buffer.from(secret, "utf8") : Buffer.from(secret);
  if (key.length < 32) throw new ConfigError("tokenSecret must be at least 32 bytes");
  return (token) => createHmac("sha256", key).update(token).digest("base64url");
}
