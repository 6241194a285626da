import { ConfigError, InvalidSessionIdError } from "./errors.js";
import type { TokenDigest } from "./token.js";
import type { SessionCipher } from "./types.js";

const APP_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HANDLE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MAX_OWNER_LENGTH = 1024;

/**
 * Where a manager's records live inside a shared backend. Core owns this layout, once:
 * - session records: `<app>:s:<handle>` where the handle is the token digest;
 * - owner slots (uniquePerOwner): `<app>:o:<digest of the stored owner>`;
 * - stored owners: `<app>:<owner>` (the owner sealed by the cipher, when there is one).
 * Different apps therefore never share a key, an owner or a scan prefix.
 */
export class Keyspace {
  /** The app namespace. */
  readonly app: string;
  /** Prefix of every record of this app (sessions and slots): what cleanup sweeps. */
  readonly appPrefix: string;
  /** Prefix of this app's session records: what listings scan. */
  readonly sessionPrefix: string;
  readonly #slotPrefix: string;
  readonly #cipher: SessionCipher | undefined;
  readonly #digest: TokenDigest;

  constructor(app: string, digest: TokenDigest, cipher: SessionCipher | undefined) {
    if (typeof app !== "string" || !APP_PATTERN.test(app)) {
      throw new ConfigError("app must be 1 to 64 characters of A-Z a-z 0-9 _ -");
    }
    this.app = app;
    this.appPrefix = `${app}:`;
    this.sessionPrefix = `${app}:s:`;
    this.#slotPrefix = `${app}:o:`;
    this.#cipher = cipher;
    this.#digest = digest;
  }

  /** Handle (stored digest) of a token. */
  handleOf(token: string): string {
    return this.#digest(token);
  }

  /** Record key of a handle. */
  sessionKey(handle: string): string {
    return this.sessionPrefix + handle;
  }

  /** Handle of a session record key. */
  handleOfKey(key: string): string {
    return key.slice(this.sessionPrefix.length);
  }

  /** Throws `InvalidSessionIdError` unless `handle` has the shape of a handle. */
  assertHandle(handle: unknown): void {
    if (typeof handle !== "string" || !HANDLE_PATTERN.test(handle)) {
      throw new InvalidSessionIdError("malformed session handle");
    }
  }

  /** True when `handle` has the shape of a handle. */
  isHandle(handle: unknown): handle is string {
    return typeof handle === "string" && HANDLE_PATTERN.test(handle);
  }

  /** Stored form of an owner key for writing (sealed under the current key). */
  storedOwner(owner: string): string {
    return this.appPrefix + (this.#cipher ? this.#cipher.sealOwner(owner) : owner);
  }

  /**
   * The stored form of an owner as it should be written now: with a cipher, re-sealed under
   * the current key (a record read under a retiring key moves to the current one on its next
   * write); without one, unchanged.
   */
  resealOwner(stored: string | null): string | null {
    if (stored === null || !this.#cipher) return stored;
    return this.storedOwner(this.openOwner(stored));
  }

  /** Every stored form an owner may have (one per cipher key), for lookups. */
  ownerForms(owner: string): readonly string[] {
    if (!this.#cipher) return [this.appPrefix + owner];
    return this.#cipher.ownerForms(owner).map((form) => this.appPrefix + form);
  }

  /** The owner key back from its stored form. */
  openOwner(stored: string): string {
    const form = stored.slice(this.appPrefix.length);
    return this.#cipher ? this.#cipher.openOwner(form) : form;
  }

  /** Stored owner without the app prefix (portable records carry it so). */
  portableOwner(stored: string): string {
    return stored.slice(this.appPrefix.length);
  }

  /** Key of the owner slot that serialises `uniquePerOwner` creates. */
  slotKey(storedOwner: string): string {
    return this.#slotPrefix + this.#digest(storedOwner);
  }

  /** Throws `ConfigError` unless `owner` is a non-empty string of at most 1024 characters. */
  assertOwner(owner: unknown): void {
    if (typeof owner !== "string" || owner.length === 0 || owner.length > MAX_OWNER_LENGTH) {
      throw new ConfigError(
        `owner must be a non-empty string of at most ${MAX_OWNER_LENGTH} characters`,
      );
    }
  }
}
