/**
 * The SQL text of every driver operation: one parameterized statement each, with its
 * condition (liveness, version, expiry) inside the statement, never read-then-write. BIGINT
 * columns are read as float8 so postgres.js returns numbers (exact below 2^53), and aliased to
 * the `StoredSession` field names.
 */

const COLUMNS = `key, owner, payload, created_at::float8 AS "createdAt",
  expires_at::float8 AS "expiresAt", version::float8 AS version`;

/** Every statement of the driver for one (validated, quoted, schema-qualified) table. */
export function statements(t: string) {
  return {
    get: `SELECT ${COLUMNS} FROM ${t} WHERE key = $1 AND expires_at > $2`,
    exists: `SELECT 1 FROM ${t} WHERE key = $1 AND expires_at > $2`,
    // The calls of one tick (batches.ts): $1 is a text[] literal of their keys, $2 their
    // earliest now; each call's own now is applied to the rows afterwards.
    getMany: `SELECT ${COLUMNS} FROM ${t} WHERE key = ANY($1::text[]) AND expires_at > $2`,
    existsMany: `SELECT key, expires_at::float8 AS "expiresAt" FROM ${t}
      WHERE key = ANY($1::text[]) AND expires_at > $2`,
    // Replaces only a dead record: the conflict branch is guarded by the WHERE on the old row.
    insert: `INSERT INTO ${t} AS t (key, owner, payload, created_at, expires_at, version)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, payload = excluded.payload,
        created_at = excluded.created_at, expires_at = excluded.expires_at,
        version = excluded.version
      WHERE t.expires_at <= $7`,
    // The inserts of one tick (batches.ts), one array parameter per column and one now for
    // all: RETURNING names the keys that were written, the others met a live record.
    insertMany: `INSERT INTO ${t} AS t (key, owner, payload, created_at, expires_at, version)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[],
        $6::int8[])
      ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, payload = excluded.payload,
        created_at = excluded.created_at, expires_at = excluded.expires_at,
        version = excluded.version
      WHERE t.expires_at <= $7
      RETURNING key`,
    compareAndSet: `UPDATE ${t} SET owner = $1, payload = $2, created_at = $3, expires_at = $4,
      version = $5 WHERE key = $6 AND version = $7 AND expires_at > $8`,
    compareAndDelete: `DELETE FROM ${t} WHERE key = $1 AND version = $2 AND expires_at > $3`,
    touch: `UPDATE ${t} SET expires_at = $1 WHERE key = $2 AND expires_at > $3`,
    delete: `DELETE FROM ${t} WHERE key = $1`,
    deleteMany: `DELETE FROM ${t} WHERE key = ANY($1::text[]) RETURNING key`,
    listByOwner: `SELECT ${COLUMNS} FROM ${t} WHERE owner = $1 AND expires_at > $2`,
    deleteByOwner: `DELETE FROM ${t} WHERE owner = $1`,
    // LIMIT NULL means no limit.
    deleteExpired: `DELETE FROM ${t} WHERE key IN
      (SELECT key FROM ${t} WHERE expires_at <= $1 LIMIT $2)`,
    deleteExpiredFrom: `DELETE FROM ${t} WHERE key IN
      (SELECT key FROM ${t} WHERE expires_at <= $1 AND key >= $2 LIMIT $3)`,
    deleteExpiredRange: `DELETE FROM ${t} WHERE key IN
      (SELECT key FROM ${t} WHERE expires_at <= $1 AND key >= $2 AND key < $3 LIMIT $4)`,
    scanFrom: `SELECT ${COLUMNS} FROM ${t} WHERE key > $1 AND key >= $2 ORDER BY key LIMIT $3`,
    scanRange: `SELECT ${COLUMNS} FROM ${t} WHERE key > $1 AND key >= $2 AND key < $3
      ORDER BY key LIMIT $4`,
    count: `SELECT count(*)::int AS n FROM ${t} WHERE expires_at > $1`,
    countFrom: `SELECT count(*)::int AS n FROM ${t} WHERE expires_at > $1 AND key >= $2`,
    countRange: `SELECT count(*)::int AS n FROM ${t} WHERE expires_at > $1 AND key >= $2
      AND key < $3`,
    clear: `DELETE FROM ${t}`,
  } as const;
}

/** Names of the statements. */
export type StatementName = keyof ReturnType<typeof statements>;
