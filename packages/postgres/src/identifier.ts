import { ConfigError } from "@sessions/core";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Validates a table or schema name from options and returns it double-quoted. Only plain identifiers are
 * accepted (no quotes to escape, no dots), so a hostile name is refused before any SQL runs.
 */
export function quoteIdentifier(value: unknown, option: string): string {
  if (typeof value !== "string" || !IDENTIFIER.test(value)) {
    throw new ConfigError(
      `postgres ${option} must match ${IDENTIFIER.source} (letters, digits, _; at most 63 chars)`,
    );
  }
  return `"${value}"`;
}

/**
 * The half-open key range `[low, high)` holding exactly the keys that start with `prefix`
 * under the "C" collation (code point order) of the key column; `high` is `null` when there is no upper bound. A range
 * is an index scan, where `LIKE` would need escaping and may not use the index.
 */
export function prefixRange(prefix: string): [low: string, high: string | null] {
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
