import type { SessionDriver } from "./contract.js";
import { defineDriver } from "./define-driver.js";
import { ConfigError, SessionConflictError, toStoreError } from "./errors.js";
import type { Clock, DuplicatePolicy, TransferResult } from "./types.js";

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** What to do when the target already holds a key. Default `"skip"`. */
  readonly onDuplicate?: DuplicatePolicy;
  /** Records read per page. Default 500. */
  readonly batchSize?: number;
  /** Time source deciding which records are expired. Default `Date.now`. */
  readonly clock?: Clock;
  /** Called after each page with the running totals. */
  readonly onProgress?: (progress: TransferResult) => void;
}

/**
 * Streams every live record of `from` into `to`, keeping keys, owners, payloads, timestamps
 * and versions exactly (every app at once: records are copied as stored). Expired records are
 * dropped. Neither driver is closed.
 */
export async function migrate(
  from: SessionDriver,
  to: SessionDriver,
  options: MigrateOptions = {},
): Promise<TransferResult> {
  defineDriver(from);
  defineDriver(to);
  const policy = options.onDuplicate ?? "skip";
  if (policy !== "skip" && policy !== "overwrite" && policy !== "fail") {
    throw new ConfigError('onDuplicate must be "skip", "overwrite" or "fail"');
  }
  const batchSize = options.batchSize ?? 500;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new ConfigError("batchSize must be a whole number of at least 1");
  }
  const clock = options.clock ?? { now: Date.now };
  let imported = 0;
  let skipped = 0;
  let expired = 0;
  let cursor: string | undefined;
  do {
    const page = await call(from, "scan", () => from.scan({ cursor, limit: batchSize }));
    const now = clock.now();
    const live = page.records.filter((record) => record.expiresAt > now);
    expired += page.records.length - live.length;
    // Writes of one page run together: drivers that pipeline or batch get their speed.
    const outcomes = await Promise.all(
      live.map(async (record) => {
        if (await call(to, "insert", () => to.insert(record, now))) return "imported";
        if (policy === "skip") return "skipped";
        if (policy === "fail") {
          throw new SessionConflictError("migrate: the target already holds a migrated key");
        }
        const current = await call(to, "get", () => to.get(record.key, now));
        const replaced = current
          ? await call(to, "compareAndSet", () => to.compareAndSet(record, current.version, now))
          : await call(to, "insert", () => to.insert(record, now));
        if (!replaced) throw new SessionConflictError("migrate: a target record changed meanwhile");
        return "imported";
      }),
    );
    for (const outcome of outcomes) {
      if (outcome === "imported") imported++;
      else skipped++;
    }
    options.onProgress?.({ imported, skipped, expired });
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { imported, skipped, expired };
}

async function call<T>(
  driver: SessionDriver,
  operation: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStoreError(driver.name, operation, error);
  }
}
