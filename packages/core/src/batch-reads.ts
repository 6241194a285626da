/** One read of a batch (`get`, `exists`): a key at a `now`. */
export interface BatchRead {
  readonly key: string;
  readonly now: number;
}

/** What a batch read needs of a row: its key and deadline. */
export interface KeyedRow {
  readonly key: string;
  readonly expiresAt: number;
}

/**
 * The `now` one statement for every read of a batch asks with: the earliest. A record live at
 * some read's `now` is live at every earlier one, so that statement returns every row any read
 * of the batch needs; {@link answerReads} then drops, per read, what its own `now` does not see.
 */
export function earliestNow(reads: readonly Pick<BatchRead, "now">[]): number {
  let earliest = reads[0]!.now;
  for (let i = 1; i < reads.length; i++) if (reads[i]!.now < earliest) earliest = reads[i]!.now;
  return earliest;
}

/**
 * Each read's answer from the rows one statement returned for all the batch's keys at
 * {@link earliestNow}: the row of its key if live at its own `now`, else `undefined`. Reads
 * repeating a key each get an object of their own, as they would alone.
 */
export function answerReads<Row extends KeyedRow>(
  reads: readonly BatchRead[],
  rows: Iterable<Row>,
): (Row | undefined)[] {
  const byKey = new Map<string, Row>();
  for (const row of rows) byKey.set(row.key, row);
  const handed = new Set<Row>();
  return reads.map(({ key, now }) => {
    const row = byKey.get(key);
    if (row === undefined || row.expiresAt <= now) return undefined;
    if (!handed.has(row)) {
      handed.add(row);
      return row;
    }
    return { ...row };
  });
}
