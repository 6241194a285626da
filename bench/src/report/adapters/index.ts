/** Picks the adapter for a result file by the shape of its JSON, not by its name. */
import type { ResultFile } from "../load-run.js";
import type { Section } from "../section.js";
import { cryptoSection, isCryptoResult } from "./crypto.js";
import { driverSection, isDriverResult } from "./driver.js";
import { filesSection, isFilesResult } from "./files.js";
import { genericSection } from "./generic.js";
import { isMemoryResult, memorySection } from "./memory.js";

// First match wins: the driver shape also has `results`, so it is tested before memory's.
const ADAPTERS: readonly {
  readonly accepts: (json: Record<string, unknown>) => boolean;
  readonly section: (file: ResultFile) => Section;
}[] = [
  { accepts: isDriverResult, section: driverSection },
  { accepts: isCryptoResult, section: cryptoSection },
  { accepts: isFilesResult, section: filesSection },
  { accepts: isMemoryResult, section: memorySection },
];

/** The section of `file`: from the first adapter that accepts its shape, else the generic one. */
export function sectionOf(file: ResultFile): Section {
  const adapter = ADAPTERS.find((candidate) => candidate.accepts(file.json));
  return (adapter?.section ?? genericSection)(file);
}
