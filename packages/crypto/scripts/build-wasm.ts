// `pnpm build:wasm`: regenerates src/polyval-wasm.ts from src/polyval.wat.
import { writeFile } from "node:fs/promises";
import { compileWat, MODULE_URL, moduleSource } from "./wasm-module.js";

await writeFile(MODULE_URL, moduleSource(await compileWat()));
