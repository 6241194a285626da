import { readFileSync } from "node:fs";
import type { SessionDriver } from "@sessions/core";
import type { FileDriver } from "../file-driver.js";

/**
 * Every byte a file driver keeps on disk, for `runAtRestCheck`'s `dump`: the data file and
 * the journal (where writes land first), then the data file again after a compaction has
 * folded the journal into it, so both the journal's and the codec's encoding are searched.
 */
export async function rawFileDump(driver: SessionDriver): Promise<Buffer[]> {
  const { path } = driver as FileDriver;
  const before = [readFileSync(path), readFileSync(`${path}.journal`)];
  await (driver as FileDriver).compact();
  return [...before, readFileSync(path)];
}
