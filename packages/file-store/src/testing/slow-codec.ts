import type { FileCodec } from "../codec.js";

/** A codec whose `encode` is slow on purpose, and when each of its calls ran. */
export interface SlowCodec extends FileCodec {
  /** Start and end (epoch ms) of every `encode` call so far. */
  readonly encodes: readonly { readonly start: number; readonly end: number }[];
}

/**
 * `codec` with an `encode` that first busy-waits `ms` milliseconds: a stand-in for encoding a
 * very large store (csv at 100,000 sessions takes seconds). Busy, not asleep, because a real
 * encode is synchronous CPU work that blocks its process's event loop just the same.
 */
export function slowCodec(codec: FileCodec, ms: number): SlowCodec {
  const encodes: { start: number; end: number }[] = [];
  return {
    format: codec.format,
    encodes,
    decode: (text) => codec.decode(text),
    encode(records) {
      const start = Date.now();
      while (Date.now() - start < ms) {
        // Busy on purpose.
      }
      const text = codec.encode(records);
      encodes.push({ start, end: Date.now() });
      return text;
    },
  };
}
