/** Public types of the session manager. */

import type { SessionDriver } from "./contract.js";
import type { Duration } from "./duration.js";
import type { SessionEventListener } from "./events.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

/** A JSON value, the only kind of session data. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Metadata kept beside the data and shown in listings (device, user agent, IP...). */
export type SessionMeta = { readonly [key: string]: JsonValue };

/** A source of time in epoch milliseconds; inject one in tests. */
export interface Clock {
  now(): number;
}

/**
 * Encrypts owner keys and payloads at rest (see `@sessions/crypto`). All methods are
 * synchronous; failures must throw (core turns them into one generic `CORRUPT_RECORD` error).
 */
export interface SessionCipher {
  /** Deterministic ciphertext of an owner key under the current key (equal in, equal out). */
  sealOwner(owner: string): string;
  /** Every stored form an owner may have, one per key of the ring, for lookups. */
  ownerForms(owner: string): readonly string[];
  /** The owner key back from its stored form. */
  openOwner(sealed: string): string;
  /** Encrypts a payload, binding it to `recordKey` as associated data. */
  sealPayload(plaintext: string, recordKey: string): string;
  /** Decrypts a payload sealed for `recordKey`; throws on any failure. */
  openPayload(sealed: string, recordKey: string): string;
}

/** `uniquePerOwner` settings: one live session per owner, with a takeover window. */
export interface UniquePerOwnerOptions {
  /**
   * While the owner's session is younger than this, a new `create` for that owner throws
   * `OwnerBusyError`; after it, the new session replaces the old one.
   */
  readonly takeoverAfter: Duration;
}

/** When expired sessions are swept. */
export type CleanupOptions =
  | { readonly probability: number; readonly random?: () => number; readonly batchSize?: number }
  | { readonly intervalMs: number; readonly batchSize?: number }
  | false;

/** Failed-unlock counting. */
export interface UnlockAttemptOptions {
  /** Failures allowed inside the window before `TooManyAttemptsError`. Default 5. */
  readonly max?: number;
  /** Sliding window. Default `"15m"`. */
  readonly window?: Duration;
}

/** Options of {@link createSessionManager}. */
export interface SessionManagerOptions<Data> {
  /** Where records live. */
  readonly driver: SessionDriver;
  /** Namespace inside the backend: managers of different apps never see each other. Default `"default"`. */
  readonly app?: string;
  /** Absolute lifetime: ms or a duration string (`"8h"`). Default `"24h"`. */
  readonly ttl?: Duration;
  /** Optional sliding idle window; never extends a session past `ttl`. */
  readonly idleTimeout?: Duration;
  /**
   * How far another process's clock may run ahead of this one's. An expired record is
   * *removed* (on access and by `cleanup`) only once it has been expired this long, so a
   * process whose clock is ahead never deletes a session the others still consider valid.
   * Reads and writes treat a session as expired from its deadline either way. `0` removes at
   * the deadline. Default `"5m"`.
   */
  readonly clockTolerance?: Duration | 0;
  /** Store a renewed idle deadline only once this fraction of the idle window has passed. Default 0.5. */
  readonly renewal?: { readonly threshold: number };
  /** Every session must be created with a password. Default `false`. */
  readonly requirePassword?: boolean;
  /** One live session per owner with a takeover window. Default `false`. */
  readonly uniquePerOwner?: UniquePerOwnerOptions | false;
  /** At most this many live sessions per owner; the oldest are evicted. */
  readonly maxSessionsPerOwner?: number;
  /** Sweeping of expired records. Default `false` (call `cleanup()` yourself). */
  readonly cleanup?: CleanupOptions;
  /** Encrypts owner keys and payloads (from `@sessions/crypto`). */
  readonly cipher?: SessionCipher;
  /** Custom token generator: 32–128 base64url characters. Default: 32 CSPRNG bytes, base64url. */
  readonly idFactory?: () => string;
  /** HMAC key for token digests (32+ bytes). Default: plain SHA-256. */
  readonly tokenSecret?: string | Uint8Array;
  /** Time source. Default `Date.now`. */
  readonly clock?: Clock;
  /** Audit stream listener. */
  readonly onEvent?: SessionEventListener;
  /** Largest encoded data in bytes. Default 1 MiB. */
  readonly maxDataBytes?: number;
  /** Deepest nesting of data. Default 64. */
  readonly maxDataDepth?: number;
  /** Failed-unlock counting. */
  readonly unlockAttempts?: UnlockAttemptOptions;
  /** Any Standard Schema validator (zod, valibot, arktype); run on write and on load. */
  readonly validate?: StandardSchemaV1<unknown, Data>;
}

/** Options of `create`. */
export interface CreateOptions<Data> {
  /** Owner key (user name, email...). */
  readonly owner?: string | null;
  /** Initial data. Default `{}`. */
  readonly data?: Data;
  /** Absolute lifetime of this session; overrides the manager's `ttl`. */
  readonly ttl?: Duration;
  /** Password for `lock`/`unlock`. Required when the manager has `requirePassword`. */
  readonly password?: string;
  /** Create the session already locked (needs `password`). */
  readonly locked?: boolean;
  /** Metadata shown in listings. */
  readonly meta?: SessionMeta;
}

/** Fields every view of a session has. */
interface SessionBase {
  /** Public, non-secret handle: revoke by it; it cannot be used as a token. */
  readonly handle: string;
  /** Owner key, or `null`. */
  readonly owner: string | null;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Current deadline (idle or absolute, whichever comes first), epoch ms. */
  readonly expiresAt: number;
  /** Absolute deadline: no renewal goes past it, epoch ms. */
  readonly absoluteExpiresAt: number;
  /** Last recorded activity, epoch ms (granularity: the renewal threshold). */
  readonly lastSeenAt: number;
  /** Version for optimistic concurrency. */
  readonly version: number;
  /** Metadata given at create. */
  readonly meta: SessionMeta | null;
}

/** A live, unlocked session. */
export interface ActiveSession<Data> extends SessionBase {
  /** The token: give it to the client (cookie); never log it. */
  readonly id: string;
  readonly locked: false;
  readonly data: Data;
}

/** A locked session: its data stays hidden until `unlock`. */
export interface LockedSession extends SessionBase {
  readonly id: string;
  readonly locked: true;
  readonly data: null;
}

/** What `get` returns. */
export type Session<Data> = ActiveSession<Data> | LockedSession;

/** A listing entry: no token, no data. */
export interface SessionInfo extends SessionBase {
  readonly status: "active" | "locked";
}

/** Options of `update`. */
export interface UpdateOptions {
  /** Fail with `SessionConflictError` unless the stored version is this one. */
  readonly expectedVersion?: number;
}

/** A page of `list`. */
export interface SessionPage {
  readonly sessions: SessionInfo[];
  /** Pass to the next `list` call; absent on the last page. */
  readonly cursor?: string;
}

/** What `stats` returns. */
export interface SessionStats {
  readonly active: number;
  readonly locked: number;
  readonly owners: number;
}

/** A portable record, as `export` yields and `import` takes. Keys stay hashed. */
export interface PortableRecord {
  /** Format version of portable records. */
  readonly format: 1;
  /** Token digest (the session's handle), without the app prefix. */
  readonly key: string;
  /** Stored owner form (plain or sealed), without the app prefix; `null` when none. */
  readonly owner: string | null;
  readonly payload: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly version: number;
}

/** What to do when an imported key already exists. */
export type DuplicatePolicy = "skip" | "overwrite" | "fail";

/** Result of `import` and `migrate`. */
export interface TransferResult {
  /** Records written. */
  readonly imported: number;
  /** Records already present and left alone (`skip`). */
  readonly skipped: number;
  /** Records dropped because they were already expired. */
  readonly expired: number;
}

/** A writer for one reserved top-level data key. */
export interface ReservedKeyWriter<Value> {
  /** The reserved key. */
  readonly key: string;
  /** Current value of the key in the session, `undefined` when absent. */
  get(id: string): Promise<Value | undefined>;
  /** Sets the key (a value or a function of the previous value); resolves with the new version. */
  set(id: string, value: Value | ((previous: Value | undefined) => Value)): Promise<number>;
  /** Removes the key. */
  delete(id: string): Promise<void>;
}
