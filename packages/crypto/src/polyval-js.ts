import { polyval as noblePolyval } from "@noble/ciphers/_polyval.js";

const BLOCK = 16;

/**
 * POLYVAL of `segments`, each zero-padded to whole blocks, with @noble/ciphers' JavaScript
 * implementation: the fallback for runtimes without WebAssembly (`node --jitless`). Slower
 * (~18 µs per KB) and built on lookup tables indexed by secret data, so not constant time.
 */
export function polyvalJs(key: Uint8Array, segments: readonly Uint8Array[]): Uint8Array {
  const padded = (length: number) => Math.ceil(length / BLOCK) * BLOCK;
  const input = new Uint8Array(segments.reduce((sum, segment) => sum + padded(segment.length), 0));
  let at = 0;
  for (const segment of segments) {
    input.set(segment, at);
    at += padded(segment.length);
  }
  const sum = noblePolyval(input, key);
  input.fill(0);
  return sum;
}
