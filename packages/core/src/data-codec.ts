import { PayloadTooLargeError, SerializationError } from "./errors.js";

/** Limits checked before any data reaches a driver. */
export interface DataLimits {
  /** Largest encoded data, in UTF-8 bytes. */
  readonly maxBytes: number;
  /** Deepest nesting of arrays and objects. */
  readonly maxDepth: number;
}

/**
 * Encodes session data as JSON, once, and checks its size and depth on the encoded text.
 * Non-JSON values (BigInt, cycles, a bare function or undefined) throw `SerializationError`.
 */
export function encodeData(data: unknown, limits: DataLimits): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    // Cycles, BigInt and stack overflows on absurd nesting all land here.
    throw new SerializationError("session data is not serialisable as JSON", {
      cause: error instanceof Error ? new Error(error.name) : undefined,
    });
  }
  if (json === undefined) throw new SerializationError("session data must be a JSON value");
  // A UTF-16 unit encodes to at most 3 UTF-8 bytes: skip the exact count when it cannot matter.
  if (json.length * 3 > limits.maxBytes) {
    const size = Buffer.byteLength(json, "utf8");
    if (size > limits.maxBytes) throw new PayloadTooLargeError(size, limits.maxBytes);
  }
  if (
    json.length > limits.maxDepth * 2 &&
    mayBeDeeperThan(json, limits.maxDepth) &&
    jsonDepth(json) > limits.maxDepth
  ) {
    throw new SerializationError(`session data is nested deeper than ${limits.maxDepth} levels`);
  }
  return json;
}

/** Parses stored data JSON. `JSON.parse` keeps `__proto__` as an own property: no pollution. */
export function decodeData(json: string): unknown {
  return JSON.parse(json);
}

/**
 * Cheap pre-check: nesting can never exceed the number of opening brackets, which native
 * `indexOf` counts far faster than a character loop (typical data has few of them).
 */
function mayBeDeeperThan(json: string, maxDepth: number): boolean {
  let openings = 0;
  for (const bracket of ["{", "["]) {
    let at = json.indexOf(bracket);
    while (at !== -1) {
      if (++openings > maxDepth) return true;
      at = json.indexOf(bracket, at + 1);
    }
  }
  return false;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/** Maximum nesting depth of a JSON text (brackets inside strings do not count). */
export function jsonDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}
