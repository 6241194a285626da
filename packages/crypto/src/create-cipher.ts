import { inspect } from "node:util";
import type { SessionCipher } from "@sessions/core";
import { BoundedCache } from "./bounded-cache.js";
import { parseSealed } from "./format.js";
import { buildKeyring, type CipherOptions, type RingEntry } from "./keyring.js";
import { openError } from "./open-error.js";
import { openOwnerWith, sealOwnerWith } from "./owner-cipher.js";
import { openPayloadWith, sealPayloadWith } from "./payload-cipher.js";

/** A `SessionCipher` with its (non-secret) key ids; pass it as `createSessionManager({ cipher })`. */
export interface Cipher extends SessionCipher {
  /** Key ids of the ring, ascending. */
  readonly kids: readonly number[];
  /** The key id new ciphertexts are written under. */
  readonly current: number;
}

/**
 * Owners kept per cache (sealed → owner and owner → sealed). Core opens the owner of every
 * record it reads and re-seals it on every write; AES-SIV costs ~10 µs a time in JavaScript.
 */
const OWNER_CACHE_LIMIT = 10_000;

/**
 * Builds the cipher that encrypts owner keys (AES-SIV, deterministic, so lookups by owner
 * work) and session payloads (AES-256-GCM-SIV, random nonce, bound to the record's handle)
 * with a key ring: writes use `current`, reads accept any key of the ring. Throws
 * `ConfigError` for a missing, empty or malformed ring (there are no default keys). Every
 * failed open throws one generic `SessionStoreError` (`CORRUPT_RECORD`). The object holds no
 * key material in its properties: `toString`, `JSON.stringify` and `util.inspect` show key ids
 * only.
 */
export function createCipher(options: CipherOptions): Cipher {
  const ring = buildKeyring(options);
  const kids = Object.freeze([...ring.entries.keys()].map(Number).sort((a, b) => a - b));
  const current = Number(ring.current.kid);
  const others = [...ring.entries.values()].filter((entry) => entry !== ring.current);
  const sealedOwners = new BoundedCache<string, string>(OWNER_CACHE_LIMIT);
  const openedOwners = new BoundedCache<string, string>(OWNER_CACHE_LIMIT);
  const describe = () => `SessionCipher { kids: [${kids.join(", ")}], current: ${current} }`;

  const entryOf = (sealed: string): { entry: RingEntry; body: string } => {
    const parsed = parseSealed(sealed);
    const entry = parsed === null ? undefined : ring.entries.get(parsed.kid);
    if (parsed === null || entry === undefined) throw openError();
    return { entry, body: parsed.body };
  };

  const sealOwner = (owner: string): string => {
    let sealed = sealedOwners.get(owner);
    if (sealed === undefined) {
      sealed = sealOwnerWith(ring.current, owner);
      sealedOwners.set(owner, sealed);
      openedOwners.set(sealed, owner);
    }
    return sealed;
  };

  return Object.freeze({
    kids,
    current,
    sealOwner,
    ownerForms: (owner: string) => [
      sealOwner(owner),
      ...others.map((entry) => sealOwnerWith(entry, owner)),
    ],
    openOwner(sealed: string): string {
      const cached = openedOwners.get(sealed);
      if (cached !== undefined) return cached;
      const { entry, body } = entryOf(sealed);
      const owner = openOwnerWith(entry, body);
      if (owner === null) throw openError();
      openedOwners.set(sealed, owner);
      return owner;
    },
    sealPayload: (plaintext: string, recordKey: string) =>
      sealPayloadWith(ring.current, plaintext, recordKey),
    openPayload(sealed: string, recordKey: string): string {
      const { entry, body } = entryOf(sealed);
      const plaintext = openPayloadWith(entry, body, recordKey);
      if (plaintext === null) throw openError();
      return plaintext;
    },
    toString: describe,
    toJSON: () => ({ kids, current }),
    [inspect.custom]: describe,
  });
}
