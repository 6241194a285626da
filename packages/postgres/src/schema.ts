/**
 * DDL of the sessions table. Names arrive validated and quoted. `key` and `owner` use the "C"
 * collation so that key ranges (prefix scans) are code point ranges on any database locale.
 */

/** Statements creating the schema (when not `public`), the table and its two indexes. */
export function createTableSql(schema: string, qualified: string, table: string): string[] {
  return [
    ...(schema === '"public"' ? [] : [`CREATE SCHEMA IF NOT EXISTS ${schema}`]),
    `CREATE TABLE IF NOT EXISTS ${qualified} (
      key TEXT COLLATE "C" PRIMARY KEY,
      owner TEXT COLLATE "C",
      payload TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      version BIGINT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS "${table}_owner" ON ${qualified} (owner) WHERE owner IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS "${table}_expires" ON ${qualified} (expires_at)`,
  ];
}

/** Statement dropping the table (its indexes go with it; the schema stays). */
export function dropTableSql(qualified: string): string {
  return `DROP TABLE IF EXISTS ${qualified}`;
}
