/**
 * The SQL text of every driver operation: one parameterized statement each, with its
 * condition (liveness, version, expiry) inside the statement, never read-then-write.
 * Columns are aliased to the `StoredSession` field names so rows need no mapping.
 */

const COLUMNS = "key, owner, payload, created_at AS createdAt, expires_at AS expiresAt, version";

/** Every statement of the driver for one (validated, quoted) table. */
export function statements(t: string) {
  return {
    // Read in raw (array) mode, without the key the caller already has: see recordOfGetRow.
    get: `SELECT owner, payload, created_at, expires_at, version FROM ${t} WHERE key = ? AND expires_at > ?`,
    exists: `SELECT 1 FROM ${t} WHERE key = ? AND expires_at > ?`,
    // The gets of one tick: the keys as one JSON array parameter, one primary-key lookup each
    // (json_each's own columns include "key": every column here is qualified).
    getMany: `SELECT t.key AS key, t.owner AS owner, t.payload AS payload,
      t.created_at AS createdAt, t.expires_at AS expiresAt, t.version AS version
      FROM json_each(?) AS j JOIN ${t} AS t ON t.key = j.value WHERE t.expires_at > ?`,
    // Replaces only a dead record: the conflict branch is guarded by the WHERE on the old row.
    insert: `INSERT INTO ${t} (key, owner, payload, created_at, expires_at, version)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, payload = excluded.payload,
        created_at = excluded.created_at, expires_at = excluded.expires_at,
        version = excluded.version
      WHERE ${t}.expires_at <= ?`,
    compareAndSet: `UPDATE ${t} SET owner = ?, payload = ?, created_at = ?, expires_at = ?,
      version = ? WHERE key = ? AND version = ? AND expires_at > ?`,
    compareAndDelete: `DELETE FROM ${t} WHERE key = ? AND version = ? AND expires_at > ?`,
    touch: `UPDATE ${t} SET expires_at = ? WHERE key = ? AND expires_at > ?`,
    delete: `DELETE FROM ${t} WHERE key = ?`,
    listByOwner: `SELECT ${COLUMNS} FROM ${t} WHERE owner = ? AND expires_at > ?`,
    deleteByOwner: `DELETE FROM ${t} WHERE owner = ?`,
    deleteExpired: `DELETE FROM ${t} WHERE key IN
      (SELECT key FROM ${t} WHERE expires_at <= ? LIMIT ?)`,
    deleteExpiredFrom: `DELETE FROM ${t} WHERE key IN
      (SELECT key FROM ${t} WHERE expires_at <= ? AND key >= ? LIMIT ?)`,
    deleteExpiredRange: `DELETE FROM ${t} WHERE key IN
      (SELECT key FROM ${t} WHERE expires_at <= ? AND key >= ? AND key < ? LIMIT ?)`,
    scanFrom: `SELECT ${COLUMNS} FROM ${t} WHERE key > ? AND key >= ? ORDER BY key LIMIT ?`,
    scanRange: `SELECT ${COLUMNS} FROM ${t} WHERE key > ? AND key >= ? AND key < ?
      ORDER BY key LIMIT ?`,
    count: `SELECT count(*) AS n FROM ${t} WHERE expires_at > ?`,
    countFrom: `SELECT count(*) AS n FROM ${t} WHERE expires_at > ? AND key >= ?`,
    countRange: `SELECT count(*) AS n FROM ${t} WHERE expires_at > ? AND key >= ? AND key < ?`,
    clear: `DELETE FROM ${t}`,
  } as const;
}

/** Names of the statements, for preparing them all at once. */
export type StatementName = keyof ReturnType<typeof statements>;
