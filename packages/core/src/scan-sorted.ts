import type { ScanOptions, ScanPage, StoredSession } from "./contract.js";

/**
 * One page of `SessionDriver.scan` for drivers that hold their records in memory (the memory
 * driver, the file drivers), so they page the same way: the records of the keys after
 * `cursor` (or from `prefix`) that start with `prefix`, at most `limit` of them, with the
 * cursor of the next page when more keys follow. The first key is found by binary search, so
 * `sortedKeys` must be in ascending (`Array.prototype.sort`) order. Keys for which `get`
 * returns `undefined` are skipped.
 */
export function scanSortedKeys(
  sortedKeys: readonly string[],
  get: (key: string) => StoredSession | undefined,
  { cursor, limit, prefix = "" }: ScanOptions,
): ScanPage {
  const keys = sortedKeys;
  const from = cursor ?? prefix;
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid]! < from || (cursor !== undefined && keys[mid] === cursor)) low = mid + 1;
    else high = mid;
  }
  const records: StoredSession[] = [];
  let index = low;
  for (; index < keys.length && records.length < limit; index++) {
    const key = keys[index]!;
    if (!key.startsWith(prefix)) break;
    const record = get(key);
    if (record) records.push(record);
  }
  const more = index < keys.length && keys[index]!.startsWith(prefix);
  const last = records.at(-1);
  return more && last ? { records, cursor: last.key } : { records };
}
