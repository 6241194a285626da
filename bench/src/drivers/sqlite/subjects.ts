import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import { sqliteDriver } from "@sessions/sqlite";
import Database from "better-sqlite3";
import session, { type Store } from "express-session";
import Keyv from "keyv";
import { payloadOf } from "../../payload.js";
import type { Subject, SubjectInstance } from "../../subject.js";
import { expressStoreSubject } from "../../subjects/express-store-subject.js";
import { newId, ownersFor } from "../../subjects/identities.js";
import { type KeyvLike, keyvSubject } from "../../subjects/keyv-subject.js";
import { managerSubjects } from "../../subjects/manager-subject.js";

const require = createRequire(import.meta.url);
const TTL_MS = 60 * 60 * 1000;
let instances = 0;

/** A fresh database file (in its own temp dir) per instance; WAL + synchronous=NORMAL. */
export function freshFile(name: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sessions-bench-${name}-${++instances}-`));
  return {
    path: join(dir, "db.sqlite"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
function openDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  return db;
}

/** `@sessions/sqlite` through the session manager: the subject held to the targets, then the same by token. */
export function sessionsSubjects(): Subject[] {
  return managerSubjects({
    name: "sessions",
    description:
      'createSessionManager({ driver: sqliteDriver({ database: path }), ttl: "1h" }) (WAL, synchronous=NORMAL, BEGIN IMMEDIATE writes)',
    target: true,
    backend: () => {
      const file = freshFile("sessions");
      return { driver: sqliteDriver({ database: file.path }), cleanup: () => file.remove() };
    },
  });
}

/**
 * Raw better-sqlite3 doing the same work with one autocommitted prepared statement per phase,
 * same table shape and indexes, same pragmas: a CSPRNG id and JSON encode/decode of the data.
 */
export function rawSubject(): Subject {
  return {
    name: "raw",
    description:
      "better-sqlite3 prepared statements, autocommit: INSERT / SELECT+JSON.parse / UPDATE expires_at / UPDATE payload,version / DELETE",
    target: false,
    open(sessions, payloads): SubjectInstance {
      const file = freshFile("raw");
      const db = openDb(file.path);
      db.exec(`CREATE TABLE s (key TEXT PRIMARY KEY NOT NULL, owner TEXT, payload TEXT NOT NULL,
        created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, version INTEGER NOT NULL);
        CREATE INDEX s_owner ON s (owner) WHERE owner IS NOT NULL;
        CREATE INDEX s_expires ON s (expires_at);`);
      const insert = db.prepare("INSERT INTO s VALUES (?, ?, ?, ?, ?, 1)");
      const select = db.prepare("SELECT payload FROM s WHERE key = ? AND expires_at > ?");
      const touch = db.prepare("UPDATE s SET expires_at = ? WHERE key = ? AND expires_at > ?");
      const update = db.prepare(
        "UPDATE s SET payload = ?, version = version + 1, expires_at = ? WHERE key = ? AND expires_at > ?",
      );
      const remove = db.prepare("DELETE FROM s WHERE key = ?");
      const who = ownersFor(sessions);
      const ids: string[] = new Array(sessions).fill("");
      return {
        async create(i) {
          const id = newId();
          ids[i] = id;
          const now = Date.now();
          const data = JSON.stringify(payloadOf(payloads, i).initial);
          return insert.run(id, who[i], data, now, now + TTL_MS).changes === 1;
        },
        async get(i) {
          const row = select.get(ids[i], Date.now()) as { payload: string } | undefined;
          return row !== undefined && JSON.parse(row.payload) !== null;
        },
        touch: async (i) => {
          const now = Date.now();
          return touch.run(now + TTL_MS, ids[i], now).changes === 1;
        },
        async update(i) {
          const now = Date.now();
          const data = JSON.stringify(payloadOf(payloads, i).updated);
          return update.run(data, now + TTL_MS, ids[i], now).changes === 1;
        },
        destroy: async (i) => remove.run(ids[i]).changes === 1,
        async close() {
          db.close();
          file.remove();
        },
      };
    },
  };
}

/** better-sqlite3-session-store 0.1 (express-session store) on the same pragmas. */
export function betterSqliteStoreSubject(): Subject {
  const SqliteStore = require("better-sqlite3-session-store")(session) as new (options: {
    client: Database.Database;
  }) => Store;
  // Its constructor always arms a never-cleared 15-minute sweep interval; the sweep is not
  // part of any phase, and the interval would keep the bench process alive.
  (SqliteStore.prototype as unknown as { startInterval: () => void }).startInterval = () => {};
  return expressStoreSubject({
    name: "bs3-session-store",
    description:
      "better-sqlite3-session-store 0.1 SqliteStore({ client }) (WAL, NORMAL): set(sid, { cookie, ...data }) / get / touch / set / destroy",
    backend: () => {
      const file = freshFile("bs3store");
      const db = openDb(file.path);
      return {
        store: new SqliteStore({ client: db }),
        close: () => {
          db.close();
          file.remove();
        },
      };
    },
  });
}

/**
 * Keyv 5 over @keyv/sqlite 4 (node-sqlite3, asynchronous). The file is created in WAL mode
 * first (journal mode is stored in the file); Keyv has no expire-only call, so touch re-sets.
 */
export function sqliteKeyvSubject(): Subject {
  return keyvSubject({
    description:
      "keyv 5 + @keyv/sqlite 4 (sqlite3, file pre-set to WAL): set(id, data, ttl) / get / set (touch) / set / delete",
    backend: () => {
      const file = freshFile("keyv");
      openDb(file.path).close();
      const store = new KeyvSqlite({ uri: `sqlite://${file.path}`, busyTimeout: 5_000 });
      const keyv = new Keyv({ store, namespace: "bench" });
      return {
        keyv: keyv as unknown as KeyvLike,
        close: async () => {
          await keyv.disconnect();
          file.remove();
        },
      };
    },
  });
}
