import { wellFormed } from "./payload.js";

const QUOTED = /["\\]/g;
const UNSAFE = /["\\\0]/;

/**
 * The PostgreSQL array literal of `values` (`{"a","b\"c"}`), bound as one parameter and cast
 * in the statement (`$1::text[]`). Built here rather than left to postgres.js, which
 * serializes a JS array only once it has fetched the server's array types (`fetch_types`,
 * which an injected client may have turned off; it then binds `a,b`, no array at all).
 *
 * `undefined` when a value would not come back from TEXT as the same string (NUL, which TEXT
 * refuses, or a lone surrogate, which UTF-8 turns into U+FFFD): in a batch, the first would
 * fail every call and the second would no longer match its own row by key, so the caller
 * runs such calls one by one, where they behave exactly as they always did.
 */
export function textArray(values: readonly string[]): string | undefined {
  let literal = "{";
  for (let i = 0; i < values.length; i++) {
    let value = values[i]!;
    if (UNSAFE.test(value)) {
      if (value.includes("\0")) return undefined;
      value = value.replace(QUOTED, "\\$&");
    }
    if (!wellFormed(value)) return undefined;
    literal += i === 0 ? `"${value}"` : `,"${value}"`;
  }
  return `${literal}}`;
}
