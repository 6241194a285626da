import type { ManagerContext } from "./context.js";
import type { StoredSession } from "./contract.js";
import { SerializationError, SessionConflictError } from "./errors.js";
import { parsePortableRecord, toStoredRecord } from "./portable-record.js";
import { openRecord } from "./records.js";
import type { DuplicatePolicy, PortableRecord, TransferResult } from "./types.js";

/** Records per scan page when exporting. */
const EXPORT_PAGE = 500;

/**
 * Yields this app's live sessions as portable records (keys stay hashed, payloads as stored:
 * sealed when a cipher is configured).
 */
export async function* exportRecords(ctx: ManagerContext): AsyncGenerator<PortableRecord> {
  let cursor: string | undefined;
  do {
    const page = await ctx.driver.scan({
      cursor,
      limit: EXPORT_PAGE,
      prefix: ctx.keys.sessionPrefix,
    });
    const now = ctx.clock.now();
    for (const record of page.records) {
      if (record.expiresAt <= now) continue;
      yield {
        format: 1,
        key: ctx.keys.handleOfKey(record.key),
        owner: record.owner === null ? null : ctx.keys.portableOwner(record.owner),
        payload: record.payload,
        createdAt: record.createdAt,
        expiresAt: record.expiresAt,
        version: record.version,
      };
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/**
 * Imports portable records into this app, all or nothing: every record is checked first
 * (shape, then that its payload opens under this manager), duplicates are resolved by the
 * policy, and a failure while writing removes what this import wrote.
 */
export async function importRecords(
  ctx: ManagerContext,
  source: Iterable<unknown> | AsyncIterable<unknown>,
  policy: DuplicatePolicy,
): Promise<TransferResult> {
  if (policy !== "skip" && policy !== "overwrite" && policy !== "fail") {
    throw new SerializationError('onDuplicate must be "skip", "overwrite" or "fail"');
  }
  const now = ctx.clock.now();
  const { fresh, expired } = await readAll(ctx, source, now);

  if (policy === "fail") {
    const existing = await Promise.all(fresh.map((record) => ctx.driver.get(record.key, now)));
    const clash = existing.findIndex((record) => record !== null);
    if (clash >= 0) {
      throw new SessionConflictError(`import record ${clash + 1}: a session with this key exists`);
    }
  }

  const written: StoredSession[] = [];
  let skipped = 0;
  try {
    for (const record of fresh) {
      if (await ctx.driver.insert(record, now)) {
        written.push(record);
      } else if (policy === "skip") {
        skipped++;
      } else if (policy === "overwrite") {
        await overwrite(ctx, record, now);
      } else {
        throw new SessionConflictError("a session with an imported key appeared during the import");
      }
    }
  } catch (error) {
    // All or nothing: take back what this import inserted (overwrites cannot be undone).
    await Promise.allSettled(written.map((record) => ctx.driver.delete(record.key)));
    throw error;
  }
  return { imported: fresh.length - skipped, skipped, expired };
}

async function readAll(
  ctx: ManagerContext,
  source: Iterable<unknown> | AsyncIterable<unknown>,
  now: number,
): Promise<{ fresh: StoredSession[]; expired: number }> {
  const maxPayloadChars = ctx.limits.maxBytes * 2 + 64 * 1024;
  const ownerPrefix = ctx.keys.appPrefix;
  const seen = new Set<string>();
  const fresh: StoredSession[] = [];
  let expired = 0;
  let position = 0;
  for await (const value of source) {
    position++;
    const portable = parsePortableRecord(value, position, maxPayloadChars);
    if (seen.has(portable.key)) {
      throw new SerializationError(
        `import record ${position}: field "key" repeats an earlier record`,
        {
          record: position,
          field: "key",
        },
      );
    }
    seen.add(portable.key);
    const record = toStoredRecord(portable, (handle) => ctx.keys.sessionKey(handle), ownerPrefix);
    try {
      JSON.parse(openRecord(ctx, record, portable.key, now).dataJson);
      if (record.owner !== null) ctx.keys.openOwner(record.owner);
    } catch {
      throw new SerializationError(`import record ${position}: field "payload" cannot be read`, {
        record: position,
        field: "payload",
      });
    }
    if (record.expiresAt <= now) expired++;
    else fresh.push(record);
  }
  return { fresh, expired };
}

async function overwrite(ctx: ManagerContext, record: StoredSession, now: number): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await ctx.driver.get(record.key, now);
    if (current === null) {
      if (await ctx.driver.insert(record, now)) return;
    } else if (await ctx.driver.compareAndSet(record, current.version, now)) {
      return;
    }
  }
  throw new SessionConflictError("an imported session kept changing during the import");
}
