/**
 * DDL of the sessions table. Column names are fixed; the table name arrives already validated
 * and quoted. `key` uses SQLite's default BINARY collation, so key ranges are code point ranges. A rowid table
 * (not WITHOUT ROWID) on purpose: ~1 KB rows appended in rowid order, with the random keys in
 * a small separate index, made inserts about twice as fast as a table clustered on the key.
 */

/** Statements creating the table and its two indexes (owner lookups, expiry sweeps). */
export function createTableSql(table: string, indexPrefix: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      key TEXT PRIMARY KEY NOT NULL,
      owner TEXT,
      payload TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      version INTEGER NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS "${indexPrefix}_owner" ON ${table} (owner) WHERE owner IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS "${indexPrefix}_expires" ON ${table} (expires_at)`,
  ];
}

/** Statement dropping the table (its indexes go with it). */
export function dropTableSql(table: string): string {
  return `DROP TABLE IF EXISTS ${table}`;
}
