import { createRequire } from "node:module";
import KeyvPostgres from "@keyv/postgres";
import { postgresDriver } from "@sessions/postgres";
import session, { type Store } from "express-session";
import Keyv from "keyv";
import postgres from "postgres";
import { payloadOf } from "../../payload.js";
import type { Subject, SubjectInstance } from "../../subject.js";
import { expressStoreSubject } from "../../subjects/express-store-subject.js";
import { newId, ownersFor } from "../../subjects/identities.js";
import { type KeyvLike, keyvSubject } from "../../subjects/keyv-subject.js";
import { managerSubjects } from "../../subjects/manager-subject.js";

const require = createRequire(import.meta.url);
const TTL_MS = 60 * 60 * 1000;
let instances = 0;
/** A table of its own for every instance, so instances never see each other's rows. */
const nextTable = (name: string): string => `bench_${name}_${++instances}`;

/** The admin connection the run uses to drop the tables its subjects made. */
export type Admin = ReturnType<typeof postgres>;

const drop = (admin: Admin, table: string) => admin.unsafe(`DROP TABLE IF EXISTS "${table}"`);

/** `@sessions/postgres` through the session manager: the subject held to the targets, then the same by token. */
export function sessionsSubjects(url: string, admin: Admin): Subject[] {
  return managerSubjects({
    name: "sessions",
    description:
      'createSessionManager({ driver: postgresDriver({ url, table }), ttl: "1h" }) (one postgres.js connection, prepared statements)',
    target: true,
    backend: () => {
      const table = nextTable("sessions");
      return { driver: postgresDriver({ url, table }), cleanup: () => drop(admin, table) };
    },
  });
}

/**
 * Raw postgres.js (one connection, prepared statements) doing the same work with one
 * statement per phase on the same table shape and indexes: a CSPRNG id and JSON encode/decode.
 */
export function rawSubject(url: string, admin: Admin): Subject {
  return {
    name: "raw",
    description:
      "postgres.js max 1, prepared: INSERT / SELECT+JSON.parse / UPDATE expires_at / UPDATE payload,version / DELETE",
    target: false,
    open(sessions, payloads): SubjectInstance {
      const table = nextTable("raw");
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      const ready = sql.unsafe(`CREATE TABLE "${table}" (key TEXT COLLATE "C" PRIMARY KEY,
          owner TEXT COLLATE "C", payload TEXT NOT NULL, created_at BIGINT NOT NULL,
          expires_at BIGINT NOT NULL, version BIGINT NOT NULL);
        CREATE INDEX ON "${table}" (owner) WHERE owner IS NOT NULL;
        CREATE INDEX ON "${table}" (expires_at)`);
      const q = async (text: string, parameters: unknown[]) => {
        await ready;
        return sql.unsafe(text, parameters as never[], { prepare: true });
      };
      const who = ownersFor(sessions);
      const ids: string[] = new Array(sessions).fill("");
      return {
        async create(i) {
          const id = newId();
          ids[i] = id;
          const now = Date.now();
          const data = JSON.stringify(payloadOf(payloads, i).initial);
          const rows = await q(`INSERT INTO "${table}" VALUES ($1, $2, $3, $4, $5, 1)`, [
            id,
            who[i],
            data,
            now,
            now + TTL_MS,
          ]);
          return rows.count === 1;
        },
        async get(i) {
          const rows = await q(
            `SELECT payload FROM "${table}" WHERE key = $1 AND expires_at > $2`,
            [ids[i], Date.now()],
          );
          return rows.length === 1 && JSON.parse(rows[0]!.payload as string) !== null;
        },
        async touch(i) {
          const now = Date.now();
          const rows = await q(
            `UPDATE "${table}" SET expires_at = $1 WHERE key = $2 AND expires_at > $3`,
            [now + TTL_MS, ids[i], now],
          );
          return rows.count === 1;
        },
        async update(i) {
          const now = Date.now();
          const data = JSON.stringify(payloadOf(payloads, i).updated);
          const rows = await q(
            `UPDATE "${table}" SET payload = $1, version = version + 1, expires_at = $2
             WHERE key = $3 AND expires_at > $4`,
            [data, now + TTL_MS, ids[i], now],
          );
          return rows.count === 1;
        },
        destroy: async (i) =>
          (await q(`DELETE FROM "${table}" WHERE key = $1`, [ids[i]])).count === 1,
        async close() {
          await ready;
          await sql.end({ timeout: 5 });
          await drop(admin, table);
        },
      };
    },
  };
}

/** connect-pg-simple 10 (express-session store) with its own pg Pool (its default, max 10). */
export function connectPgSimpleSubject(url: string, admin: Admin): Subject {
  const PgStore = require("connect-pg-simple")(session) as new (options: {
    conString: string;
    tableName: string;
    createTableIfMissing: boolean;
    pruneSessionInterval: false;
  }) => Store & { close(): Promise<void> };
  return expressStoreSubject({
    name: "connect-pg-simple",
    description:
      "connect-pg-simple 10 PGStore({ conString, tableName, createTableIfMissing }) (pg Pool, max 10): set / get / touch / set / destroy",
    backend: () => {
      const tableName = nextTable("cps");
      const store = new PgStore({
        conString: url,
        tableName,
        createTableIfMissing: true,
        pruneSessionInterval: false,
      });
      return {
        store,
        close: async () => {
          await store.close();
          await drop(admin, tableName);
        },
      };
    },
  });
}

/** Keyv 5 over @keyv/postgres 2 (pg Pool); Keyv has no expire-only call, so touch re-sets. */
export function postgresKeyvSubject(url: string, admin: Admin): Subject {
  return keyvSubject({
    description:
      "keyv 5 + @keyv/postgres 2 ({ uri, table }) (pg Pool, max 10): set(id, data, ttl) / get / set (touch) / set / delete",
    backend: () => {
      const table = nextTable("keyv");
      const keyv = new Keyv({ store: new KeyvPostgres({ uri: url, table }), namespace: "bench" });
      return {
        keyv: keyv as unknown as KeyvLike,
        close: async () => {
          await keyv.disconnect();
          await drop(admin, table);
        },
      };
    },
  });
}
