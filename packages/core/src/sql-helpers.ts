import { ConfigError } from "./errors.js";

/**
 * Helpers for SQL drivers, kept in core so that every SQL dialect validates identifiers and
 * ranges keys the same way.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Validates a table or schema name from driver options and returns it double-quoted. Only
 * plain identifiers are accepted (no quotes to escape, no dots), so a hostile name is refused
 * with a `ConfigError` before any SQL runs.
 */
export function quoteSqlIdentifier(value: unknown, option: string, driverName: string): string {
  if (typeof value !== "string" || !IDENTIFIER.test(value)) {
    throw new ConfigError(
      `${driverName} ${option} must match ${IDENTIFIER.source} (letters, digits, _; at most 63 chars)`,
    );
  }
  return `"${value}"`;
}

/**
 * The half-open key range `[low, high)` holding exactly the keys that start with `prefix` in
 * code point order (SQLite's binary collation, PostgreSQL's "C"); `high` is `null` when there
 * is no upper bound. A range is an index scan, where `LIKE` would need escaping and may not
 * use the index.
 */
export function keyPrefixRange(prefix: string): [low: string, high: string | null] {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Skip the surrogate block: those code points cannot appear in stored UTF-8 text.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return [prefix, points.join("") + String.fromCodePoint(next)];
    }
  }
  return [prefix, null];
}
