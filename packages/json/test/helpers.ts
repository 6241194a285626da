import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temp directory and a function removing it. */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sessions-json-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
