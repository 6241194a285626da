import { FileCorruptError } from "./errors.js";

// fatal: a damaged byte must not become U+FFFD and load as a different value. ignoreBOM keeps
// a leading BOM in the text, as Buffer#toString did: each codec decides whether it allows one.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The text of a whole data file; throws {@link FileCorruptError} naming the line (and byte
 * offset) of the first byte sequence that is not UTF-8.
 */
export function decodeUtf8(format: string, bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    for (let at = bytes.indexOf(0x0a); at >= 0 && at < offset; at = bytes.indexOf(0x0a, at + 1)) {
      line++;
    }
    throw new FileCorruptError(format, `not valid UTF-8 (byte ${offset})`, { line });
  }
}

/**
 * Offset of the first invalid sequence, by binary search over prefixes with the same decoder
 * (streaming, so a prefix that merely cuts a valid character is not an error). Only runs on
 * the error path.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  const valid = (length: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  // Invariant: the prefix of `low` bytes is valid, that of `high` bytes is not.
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (valid(mid)) low = mid;
    else high = mid;
  }
  return low;
}
