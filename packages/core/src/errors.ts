/**
 * The one error family of `@sessions/*`. Every error has a stable machine-readable `code`;
 * messages never contain a token, a password, key material or session data.
 */

/** Stable error codes, one per error class (plus the store-failure sub-codes). */
export type SessionErrorCode =
  | "SESSION_NOT_FOUND"
  | "SESSION_EXPIRED"
  | "SESSION_LOCKED"
  | "INVALID_PASSWORD"
  | "TOO_MANY_ATTEMPTS"
  | "SESSION_CONFLICT"
  | "OWNER_BUSY"
  | "INVALID_SESSION_ID"
  | "PAYLOAD_TOO_LARGE"
  | "SERIALIZATION"
  | "RESERVED_KEY"
  | "CONFIG"
  | StoreErrorCode;

/** Sub-codes of {@link SessionStoreError}: what went wrong in the storage layer. */
export type StoreErrorCode =
  | "STORE_FAILURE"
  | "CLOSED"
  | "CORRUPT_RECORD"
  | "UNAVAILABLE"
  | "TIMEOUT"
  | "DISK_FULL"
  | "LOCK_TIMEOUT";

/** Base class of every error thrown by `@sessions/*`. Test with `instanceof` or `code`. */
export class SessionError extends Error {
  /** Stable, machine-readable error code. */
  readonly code: SessionErrorCode;

  constructor(code: SessionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The token matches no live session (or was never issued). */
export class SessionNotFoundError extends SessionError {
  constructor(message = "session not found") {
    super("SESSION_NOT_FOUND", message);
  }
}

/** The session existed but its idle or absolute lifetime is over; it has been destroyed. */
export class SessionExpiredError extends SessionError {
  constructor(message = "session expired") {
    super("SESSION_EXPIRED", message);
  }
}

/** The session is locked with a password: its data is hidden and writes are refused. */
export class SessionLockedError extends SessionError {
  constructor(message = "session is locked") {
    super("SESSION_LOCKED", message);
  }
}

/** A password was wrong, missing, empty or over the 1024-byte cap. */
export class InvalidPasswordError extends SessionError {
  constructor(message = "invalid password") {
    super("INVALID_PASSWORD", message);
  }
}

/** Too many failed unlock attempts inside the window; retry after `retryAfterMs`. */
export class TooManyAttemptsError extends SessionError {
  /** Milliseconds until the oldest counted failure leaves the window. */
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number) {
    super("TOO_MANY_ATTEMPTS", "too many failed unlock attempts; try again later");
    this.retryAfterMs = retryAfterMs;
  }
}

/** An optimistic-concurrency write lost: the session changed since it was read. */
export class SessionConflictError extends SessionError {
  constructor(message = "session was modified concurrently") {
    super("SESSION_CONFLICT", message);
  }
}

/** `uniquePerOwner`: the owner has a live session younger than the takeover window. */
export class OwnerBusyError extends SessionError {
  /** Milliseconds until the current session may be taken over. */
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number) {
    super("OWNER_BUSY", "owner already has an active session");
    this.retryAfterMs = retryAfterMs;
  }
}

/** The token is not a well-formed session id; no storage call was made. */
export class InvalidSessionIdError extends SessionError {
  constructor(message = "malformed session id") {
    super("INVALID_SESSION_ID", message);
  }
}

/** The encoded session data is larger than the configured limit. */
export class PayloadTooLargeError extends SessionError {
  /** Encoded size in bytes. */
  readonly size: number;
  /** The configured limit in bytes. */
  readonly limit: number;

  constructor(size: number, limit: number) {
    super("PAYLOAD_TOO_LARGE", `session data is ${size} bytes, over the ${limit}-byte limit`);
    this.size = size;
    this.limit = limit;
  }
}

/**
 * Data that is not JSON, too deeply nested, rejected by the `validate` schema, or an
 * import record that is malformed (then `record` and `field` say where).
 */
export class SerializationError extends SessionError {
  /** 1-based position of the offending record in an import, when there is one. */
  readonly record?: number;
  /** The offending field of that record, when known. */
  readonly field?: string;

  constructor(message: string, details: { record?: number; field?: string; cause?: unknown } = {}) {
    super("SERIALIZATION", message, { cause: details.cause });
    if (details.record !== undefined) this.record = details.record;
    if (details.field !== undefined) this.field = details.field;
  }
}

/** A public `update` tried to change a top-level key reserved by `reserveKey()`. */
export class ReservedKeyError extends SessionError {
  /** The reserved key that was touched. */
  readonly key: string;

  constructor(key: string) {
    super(
      "RESERVED_KEY",
      `data key "${key}" is reserved; write it through its reserveKey() writer`,
    );
    this.key = key;
  }
}

/** Invalid options or arguments, or a driver that does not honour the contract. */
export class ConfigError extends SessionError {
  constructor(message: string) {
    super("CONFIG", message);
  }
}

/**
 * The storage backend failed: the `storeCode` says how, `driver` names the driver and
 * `cause` keeps the original error.
 */
export class SessionStoreError extends SessionError {
  /** Name of the driver that failed (e.g. `"memory"`, `"postgres"`). */
  readonly driver: string;

  constructor(
    driver: string,
    message: string,
    options: { code?: StoreErrorCode; cause?: unknown } = {},
  ) {
    super(options.code ?? "STORE_FAILURE", `[sessions] [${driver}] ${message}`, {
      cause: options.cause,
    });
    this.driver = driver;
  }
}

/** Wraps anything a driver threw that is not already a {@link SessionError}. */
export function toStoreError(driver: string, operation: string, error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  return new SessionStoreError(driver, `${operation} failed`, { cause: error });
}
