// The shipped module bytes (src/polyval-wasm.ts) are exactly what src/polyval.wat compiles to:
// the reviewed source and the code that runs cannot drift apart.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { compileWat, MODULE_URL, moduleSource, WAT_URL } from "../scripts/wasm-module.js";
import { POLYVAL_WASM } from "../src/polyval-wasm.js";

describe("src/polyval-wasm.ts", () => {
  it("holds the bytes src/polyval.wat compiles to (run `pnpm build:wasm` after editing it)", async () => {
    const compiled = await compileWat();
    expect(Buffer.from(POLYVAL_WASM, "base64").equals(Buffer.from(compiled))).toBe(true);
    expect(await readFile(MODULE_URL, "utf8")).toBe(moduleSource(compiled));
  });
});

describe("src/polyval.wat", () => {
  // A guard on the constant-time argument of the README, not a proof: the one branch is the
  // loop over the (public) block count, memory is addressed only by constants and the block
  // pointer, and there is nothing that could branch or index on key or data.
  it("branches only on the block count and addresses memory only by constants and the block pointer", async () => {
    const source = (await readFile(WAT_URL, "utf8")).replace(/;;.*$/gm, "");
    expect(source.match(/\bbr_if\b/g)).toEqual(["br_if"]);
    expect(source).toContain("(br_if $done (i32.ge_u (local.get $at) (local.get $end)))");
    expect(source).not.toMatch(/\((?:if|select|br_table|call_indirect|memory\.grow)\b/);
    const accesses = source.match(/\(i64\.(?:load|store)[^(]*\([^)]*\)/g) ?? [];
    expect(accesses.length).toBeGreaterThan(0);
    for (const access of accesses)
      expect(access).toMatch(/\((?:i32\.const \d+|local\.get \$at)\)$/);
  });
});
