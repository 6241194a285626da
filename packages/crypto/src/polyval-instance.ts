import { POLYVAL_WASM } from "./polyval-wasm.js";

/**
 * The few pieces of the WebAssembly JS API used here. Declared locally because neither lib
 * ES2022 nor @types/node 20 declare `WebAssembly`, and a global declaration in our .d.ts files
 * could clash with lib.dom's in a consumer's build. Undefined under `node --jitless`.
 */
declare const WebAssembly:
  | {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object) => { readonly exports: Record<string, unknown> };
      Memory: abstract new (...args: never[]) => { readonly buffer: ArrayBuffer };
    }
  | undefined;

/** The instantiated POLYVAL module of src/polyval.wat. */
export interface PolyvalWasm {
  /** The module's memory (one 64 KiB page, never grown): key at 0, accumulator at 16, input from 32. */
  readonly heap: Uint8Array;
  /** `S = dot(S xor X, H)` for `blocks` 16-byte blocks X from offset 32; S at 16, H at 0. */
  readonly absorb: (blocks: number) => void;
}

function instantiate(): PolyvalWasm | null {
  if (typeof WebAssembly === "undefined") return null;
  // Synchronous compile: the module is under 1 KB and compiled once, at import.
  const module = new WebAssembly.Module(Buffer.from(POLYVAL_WASM, "base64"));
  const { memory, absorb } = new WebAssembly.Instance(module).exports;
  if (!(memory instanceof WebAssembly.Memory) || typeof absorb !== "function") {
    throw new Error("@sessions/crypto: the POLYVAL WebAssembly module lacks its exports");
  }
  return { heap: new Uint8Array(memory.buffer), absorb: absorb as (blocks: number) => void };
}

/**
 * The one POLYVAL instance of this process (per worker thread: each loads its own), or `null`
 * when the runtime has no WebAssembly (`node --jitless`) and the JavaScript POLYVAL is used.
 */
export const polyvalWasm: PolyvalWasm | null = instantiate();
