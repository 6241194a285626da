import { ConfigError } from "@sessions/core";

// MongoDB's own rules (no `$`, no NUL, not `system.*`), narrowed to a portable identifier.
const COLLECTION_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/;
const DB_PATTERN = /^[A-Za-z0-9_-]{1,63}$/;

/** Throws `ConfigError` unless `name` is a safe collection name (default `"sessions"`). */
export function validateCollectionName(name: unknown): string {
  if (typeof name !== "string" || !COLLECTION_PATTERN.test(name) || name.startsWith("system.")) {
    throw new ConfigError(
      "mongo collection name must be 1 to 120 characters of A-Z a-z 0-9 _ . - (not system.*)",
    );
  }
  return name;
}

/** Throws `ConfigError` unless `name` is a safe database name. */
export function validateDbName(name: unknown): string {
  if (typeof name !== "string" || !DB_PATTERN.test(name)) {
    throw new ConfigError("mongo dbName must be 1 to 63 characters of A-Z a-z 0-9 _ -");
  }
  return name;
}

/**
 * Only strings reach MongoDB filters where a key, owner, prefix or cursor belongs: an object
 * (`{ $ne: null }`), an array or anything else is refused before the driver call, so a
 * value from a request can never become a query operator.
 */
export function assertString(value: unknown, field: string): asserts value is string {
  if (typeof value !== "string") {
    throw new ConfigError(`mongo: ${field} must be a string`);
  }
}

/** Times and versions are plain finite numbers, never objects. */
export function assertNumber(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ConfigError(`mongo: ${field} must be a finite number`);
  }
}
