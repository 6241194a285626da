import { ConfigError } from "@sessions/core";
import { decodeBase64url } from "./base64url.js";
import { headerOf, KID_PATTERN } from "./format.js";
import { deriveSubkeys, type Subkeys } from "./subkeys.js";

/** A master key: 32 random bytes, or their base64url text (43 characters, no padding). */
export type CipherKey = Uint8Array | string;

/** Options of `createCipher`. */
export interface CipherOptions {
  /**
   * The key ring: key id (a non-negative integer) → 32-byte master key. Every key can open
   * what it sealed; keep a retired key here until every record it sealed has expired.
   */
  readonly keys: Readonly<Record<number, CipherKey>>;
  /** The key id new ciphertexts are written under; must be in `keys`. */
  readonly current: number;
}

/** One key of the ring, as the ciphers use it: only derived subkeys, never the master key. */
export interface RingEntry extends Subkeys {
  /** Key id text (`"2"`). */
  readonly kid: string;
  /** Header of ciphertexts under this key (`"v1.2."`). */
  readonly header: string;
}

/** The checked key ring. */
export interface Keyring {
  /** The entry new ciphertexts use. */
  readonly current: RingEntry;
  /** Every entry by key id text, the current one included. */
  readonly entries: ReadonlyMap<string, RingEntry>;
}

const KEY_BYTES = 32;
const KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Checks the options and derives every key's subkeys. Throws `ConfigError` for a missing or
 * empty ring, a key id that is not a non-negative integer, a key that is not 32 bytes (or 43
 * base64url characters), an all-zero key, or a `current` not in the ring. Messages name key
 * ids, never key material (SECURITY.md LG-1).
 */
export function buildKeyring(options: CipherOptions): Keyring {
  if (options === null || typeof options !== "object") {
    throw new ConfigError("createCipher needs { keys, current }: there are no default keys");
  }
  const { keys, current } = options;
  if (keys === null || typeof keys !== "object" || Array.isArray(keys)) {
    throw new ConfigError("createCipher: keys must be an object of key id → 32-byte key");
  }
  const entries = new Map<string, RingEntry>();
  for (const [kid, key] of Object.entries(keys)) {
    if (!KID_PATTERN.test(kid) || !Number.isSafeInteger(Number(kid))) {
      throw new ConfigError("createCipher: key ids must be non-negative integers");
    }
    entries.set(kid, { kid, header: headerOf(kid), ...deriveSubkeys(masterKey(kid, key)) });
  }
  if (entries.size === 0) {
    throw new ConfigError("createCipher: keys is empty: there are no default keys");
  }
  if (typeof current !== "number" || !Number.isSafeInteger(current) || current < 0) {
    throw new ConfigError("createCipher: current must be the key id (an integer) to write with");
  }
  const currentEntry = entries.get(String(current));
  if (currentEntry === undefined) {
    throw new ConfigError(`createCipher: current key id ${current} is not in keys`);
  }
  return { current: currentEntry, entries };
}

/** A copy of the key's bytes (the caller's array may be reused or wiped), checked. */
function masterKey(kid: string, key: unknown): Uint8Array {
  let bytes: Uint8Array | null = null;
  if (key instanceof Uint8Array) {
    bytes = key.length === KEY_BYTES ? Uint8Array.from(key) : null;
  } else if (typeof key === "string" && KEY_TEXT.test(key)) {
    bytes = decodeBase64url(key);
  }
  if (bytes === null || bytes.length !== KEY_BYTES) {
    throw new ConfigError(
      `createCipher: key ${kid} must be 32 bytes: a Uint8Array or 43 base64url characters (generateKey())`,
    );
  }
  if (bytes.every((byte) => byte === 0)) {
    throw new ConfigError(`createCipher: key ${kid} is all zeros: a placeholder, not a key`);
  }
  return bytes;
}
