/** What export, import and migrate share: duplicate policy, same-store check, progress. */

import type { DuplicatePolicy, TransferResult } from "@sessions/core";
import { type DriverSpec, describeSpec, settleDriver } from "../drivers/registry.js";
import { UsageError } from "../usage-error.js";
import type { CliIo } from "./io.js";
import { Progress } from "./progress.js";
import type { OpenStore } from "./store.js";

/** The `--on-duplicate` option. */
export const DUPLICATE_OPTION = { "on-duplicate": { type: "string" } } as const;

/** Reads `--on-duplicate` (`fallback` when absent). */
export function duplicatePolicy(
  value: string | undefined,
  fallback: DuplicatePolicy,
): DuplicatePolicy {
  if (value === undefined) return fallback;
  if (value === "skip" || value === "overwrite" || value === "fail") return value;
  throw new UsageError("--on-duplicate must be skip, overwrite or fail");
}

/** Refuses to copy a store onto itself (it would only report duplicates, or rewrite in place). */
export function assertDistinct(from: DriverSpec, to: DriverSpec): void {
  if (describeSpec(from) === describeSpec(to))
    throw new UsageError("source and target are the same store");
}

/** The final line of a transfer. */
export function summary(result: TransferResult): string {
  return `imported ${result.imported}, skipped ${result.skipped}, expired ${result.expired} (dropped)`;
}

/**
 * Copies the app's live sessions from one store to another through the managers (`export` →
 * `import`, all or nothing), showing how many records have been read. Records keep their keys,
 * owners, payloads, times and versions; both stores use the same app and cipher.
 */
export async function copySessions(
  source: OpenStore,
  target: OpenStore,
  io: CliIo,
  label: string,
  onDuplicate: DuplicatePolicy,
): Promise<TransferResult> {
  const total = await source.driver.count(Date.now(), { prefix: `${source.manager.app}:s:` });
  const progress = new Progress(io, label, total);
  async function* counted() {
    let read = 0;
    for await (const record of source.manager.export()) {
      read++;
      if (read % 100 === 0) progress.update(read, "read");
      yield record;
    }
    progress.update(read, "read; writing");
  }
  const result = await target.manager.import(counted(), { onDuplicate });
  await settleDriver(target.driver);
  progress.finish(summary(result));
  return result;
}
