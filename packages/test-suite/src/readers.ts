import type { SessionDriver, StoredSession } from "@sessions/core";

// A driver whose cursor never ends must fail the check, not hang it.
const MAX_PAGES = 10_000;

/** Every page of `driver.scan`, concatenated; throws when the cursor never ends. */
export async function scanAll(
  driver: SessionDriver,
  options: { readonly prefix?: string; readonly limit?: number } = {},
): Promise<StoredSession[]> {
  const records: StoredSession[] = [];
  for (const page of await scanPages(driver, options)) records.push(...page);
  return records;
}

/**
 * The pages of a full `driver.scan`, one array per page; `betweenPages` runs after every page
 * but the last. Throws when the cursor never ends.
 */
export async function scanPages(
  driver: SessionDriver,
  options: { readonly prefix?: string; readonly limit?: number } = {},
  betweenPages?: (page: readonly StoredSession[]) => Promise<void>,
): Promise<StoredSession[][]> {
  const pages: StoredSession[][] = [];
  let cursor: string | undefined;
  do {
    if (pages.length >= MAX_PAGES) throw new Error(`scan did not finish after ${MAX_PAGES} pages`);
    const page = await driver.scan({
      limit: options.limit ?? 100,
      ...(options.prefix !== undefined && { prefix: options.prefix }),
      ...(cursor !== undefined && { cursor }),
    });
    pages.push(page.records);
    cursor = page.cursor;
    if (cursor !== undefined) await betweenPages?.(page.records);
  } while (cursor !== undefined);
  return pages;
}

/** Records sorted by key, for order-insensitive comparison. */
export function sortByKey<T extends { readonly key: string }>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The keys of some records, sorted. */
export function sortedKeys(records: readonly { readonly key: string }[]): string[] {
  return records.map((record) => record.key).sort();
}

/** Everything an async iterable yields, in order. */
export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
