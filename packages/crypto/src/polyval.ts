import { polyvalWasm } from "./polyval-instance.js";
import { polyvalJs } from "./polyval-js.js";

const BLOCK = 16;
// Layout of the module's memory (src/polyval.wat).
const KEY = 0;
const ACCUMULATOR = 16;
const INPUT = 32;

/**
 * POLYVAL (RFC 8452 §3) under the 16-byte key `key` of `segments` laid end to end, each
 * zero-padded to a whole number of 16-byte blocks (as GCM-SIV pads its AD and plaintext).
 * Constant time: runs in WebAssembly (src/polyval.wat) without secret-dependent branches or
 * addresses. Falls back to @noble/ciphers' JavaScript POLYVAL when the runtime has no
 * WebAssembly (`node --jitless`).
 */
export function polyval(key: Uint8Array, segments: readonly Uint8Array[]): Uint8Array {
  if (key.length !== BLOCK) throw new RangeError("POLYVAL needs a 16-byte key");
  if (polyvalWasm === null) return polyvalJs(key, segments);
  const { heap, absorb } = polyvalWasm;
  // The input goes through the fixed memory in chunks (POLYVAL carries only its accumulator),
  // so any length works without growing memory that would then hold secrets for good.
  const end = heap.length - ((heap.length - INPUT) % BLOCK);
  let at = INPUT;
  let written = INPUT;
  try {
    heap.set(key, KEY);
    heap.fill(0, ACCUMULATOR, INPUT);
    for (const segment of segments) {
      for (let from = 0; from < segment.length; ) {
        if (at === end) {
          absorb((at - INPUT) / BLOCK);
          at = INPUT;
        }
        const take = Math.min(segment.length - from, end - at);
        // The whole segment at once when it fits: no subarray view to allocate.
        heap.set(take === segment.length ? segment : segment.subarray(from, from + take), at);
        at += take;
        from += take;
        written = Math.max(written, at);
      }
      // Pad explicitly: an earlier chunk of this call may have left bytes here.
      const padded = Math.ceil(at / BLOCK) * BLOCK;
      heap.fill(0, at, padded);
      at = padded;
      written = Math.max(written, at);
    }
    absorb((at - INPUT) / BLOCK);
    return heap.slice(ACCUMULATOR, INPUT);
  } finally {
    // Key, input and accumulator are secret: leave nothing in the module's memory.
    heap.fill(0, KEY, written);
  }
}
