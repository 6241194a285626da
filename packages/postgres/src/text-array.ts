import { wellFormed } from "./payload.js";

const QUOTED = /["\\]/g;
const UNSAFE = /["\\\0]/;

/**
 * The PostgreSQL array literal of `values` (`{"a","b\"c",NULL}`), bound as one parameter and cast
 * in the statement (`$1::text[]`). Built here rather than left to postgres.js, which
 * serializes a JS array only once it has fetched the server's array types (`fetch_types`,
 * which an injected client may have turned off; it then binds `a,b`, no array at all).
 *
 * `undefined` when a value would not come back from TEXT as the same string (NUL, which TEXT
 * refuses, or a lone surrogate, which UTF-8 turns into U+FFFD): in a batch, the first would
 * fail every call and the second would no longer match its own row by key, so the caller
 * runs such calls one by one, where they behave exactly as they always did.
 */
export function textArray(values: readonly (string | null)[]): string | undefined {
  let literal = "{";
  for (let i = 0; i < values.length; i++) {
    let value = values[i]!;
    // Unquoted NULL is SQL null; a quoted "NULL" stays the four-letter string.
    if (value === null) {
      literal += i === 0 ? "NULL" : ",NULL";
      continue;
    }
    if (UNSAFE.test(value)) {
      if (value.includes("\0")) return undefined;
      value = value.replace(QUOTED, "\\$&");
    }
    if (!wellFormed(value)) return undefined;
    literal += i === 0 ? `"${value}"` : `,"${value}"`;
  }
  return `${literal}}`;
}

/**
 * The PostgreSQL array literal of integers (`{1,2}`), for an `int8[]` parameter; `undefined`
 * when one is not a safe integer, which the single-row statement rejects on its own.
 */
export function integerArray(values: readonly number[]): string | undefined {
  for (const value of values) if (!Number.isSafeInteger(value)) return undefined;
  return `{${values.join(",")}}`;
}
