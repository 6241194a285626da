import {
  CONTRACT_VERSION,
  ConfigError,
  defineDriver,
  type SessionDriver,
  SessionStoreError,
  type StoredSession,
} from "@sessions/core";
import { type Collection, type Db, MongoClient } from "mongodb";
import { isDuplicateKey, toMongoError } from "./errors.js";
import {
  countFilter,
  deadFilter,
  expiredFilter,
  expiredIdsFilter,
  fromDocument,
  INDEXES,
  keyFilter,
  liveFilter,
  liveOwnerFilter,
  ownerFilter,
  type SessionDocument,
  scanFilter,
  toFields,
  touchUpdate,
  versionFilter,
} from "./queries.js";
import { assertNumber, assertString, validateCollectionName, validateDbName } from "./validate.js";

/** Options of {@link mongoDriver}: a collection, a database and a name, or a URL. */
export type MongoDriverOptions =
  | {
      /** The collection to store records in (yours: never closed). */
      readonly collection: Collection<SessionDocument>;
    }
  | {
      /** A database of your client (never closed). */
      readonly db: Db;
      /** Collection name; validated. Default `"sessions"`. */
      readonly collectionName?: string;
    }
  | {
      /** `mongodb://` URL: the driver creates its client and closes it on `close()`. */
      readonly url: string;
      /** Database name; validated. */
      readonly dbName: string;
      /** Collection name; validated. Default `"sessions"`. */
      readonly collectionName?: string;
      /**
       * Server selection, connect, connection check-out and socket timeout in ms (the driver's
       * per-stage timeouts; `timeoutMS` is deprecated). Default 5000.
       */
      readonly timeoutMs?: number;
    };

const NAME = "mongo";
/** Find options that return only `_id`, for reads that need no record fields. */
const ID_ONLY = { projection: { _id: 1 } } as const;

/**
 * A `SessionDriver` on MongoDB (driver 6 or 7): one document per record (`_id` = key), a TTL
 * index on a Date copy of `expiresAt` (reads still filter on `expiresAt`: the TTL monitor runs
 * about once a minute), an owner index, compare-and-set by a version filter, inserts that
 * replace only dead records. Every key and owner is checked to be a string before it reaches
 * a filter.
 */
export function mongoDriver(options: MongoDriverOptions): SessionDriver {
  const { collection, client } = open(options);
  let closed = false;
  let indexes: Promise<unknown> | undefined;

  /** Runs one operation: CLOSED after close, indexes ensured once, errors typed. */
  const run = async <T>(operation: string, body: () => Promise<T>): Promise<T> => {
    if (closed) throw new SessionStoreError(NAME, "driver is closed", { code: "CLOSED" });
    try {
      indexes ??= collection.createIndexes(INDEXES.map((index) => ({ ...index }))).catch((e) => {
        indexes = undefined; // retried by the next call
        throw e;
      });
      await indexes;
      return await body();
    } catch (error) {
      throw toMongoError(operation, error);
    }
  };

  return defineDriver({
    contract: CONTRACT_VERSION,
    name: NAME,
    capabilities: { nativeTtl: true, crossProcess: true },

    async get(key, now) {
      assertString(key, "key");
      assertNumber(now, "now");
      return run("get", async () => {
        const doc = await collection.findOne(liveFilter(key, now));
        return doc === null ? null : fromDocument(doc);
      });
    },

    async exists(key, now) {
      assertString(key, "key");
      assertNumber(now, "now");
      return run("exists", async () => {
        // Only `_id` comes back: the payload stays on the server.
        return (await collection.findOne(liveFilter(key, now), ID_ONLY)) !== null;
      });
    },

    async insert(record, now) {
      const fields = checkedFields(record);
      assertNumber(now, "now");
      return run("insert", async () => {
        try {
          await collection.replaceOne(deadFilter(record.key, now), fields, { upsert: true });
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false; // a live record holds the key
          throw error;
        }
      });
    },

    async compareAndSet(record, expectedVersion, now) {
      const fields = checkedFields(record);
      assertNumber(expectedVersion, "expectedVersion");
      assertNumber(now, "now");
      const filter = versionFilter(record.key, expectedVersion, now);
      return run("compareAndSet", async () => {
        if (record.expiresAt <= 0) return (await collection.deleteOne(filter)).deletedCount === 1;
        return (await collection.replaceOne(filter, fields)).matchedCount === 1;
      });
    },

    async touch(key, expiresAt, now) {
      assertString(key, "key");
      assertNumber(expiresAt, "expiresAt");
      assertNumber(now, "now");
      return run("touch", async () => {
        const result = await collection.updateOne(liveFilter(key, now), touchUpdate(expiresAt));
        return result.matchedCount === 1;
      });
    },

    async delete(key) {
      assertString(key, "key");
      return run(
        "delete",
        async () => (await collection.deleteOne(keyFilter(key))).deletedCount === 1,
      );
    },

    async listByOwner(owner, now) {
      assertString(owner, "owner");
      assertNumber(now, "now");
      return run("listByOwner", async () =>
        (await collection.find(liveOwnerFilter(owner, now)).toArray()).map(fromDocument),
      );
    },

    async deleteByOwner(owner) {
      assertString(owner, "owner");
      return run(
        "deleteByOwner",
        async () => (await collection.deleteMany(ownerFilter(owner))).deletedCount,
      );
    },

    async deleteExpired(now, { limit, prefix = "" } = {}) {
      assertNumber(now, "now");
      assertString(prefix, "prefix");
      if (limit !== undefined) assertNumber(limit, "limit");
      return run("deleteExpired", async () => {
        if (limit === undefined) {
          return (await collection.deleteMany(expiredFilter(now, prefix))).deletedCount;
        }
        const batch = await collection
          .find(expiredFilter(now, prefix), { ...ID_ONLY, limit })
          .toArray();
        if (batch.length === 0) return 0;
        const ids = batch.map((doc) => doc._id);
        return (await collection.deleteMany(expiredIdsFilter(ids, now))).deletedCount;
      });
    },

    async scan({ cursor, limit, prefix = "" }) {
      if (cursor !== undefined) assertString(cursor, "cursor");
      assertString(prefix, "prefix");
      assertNumber(limit, "limit");
      return run("scan", async () => {
        const docs = await collection
          .find(scanFilter(prefix, cursor), { sort: { _id: 1 }, limit: limit + 1 })
          .toArray();
        const records: StoredSession[] = docs.slice(0, limit).map(fromDocument);
        return docs.length > limit ? { records, cursor: records.at(-1)!.key } : { records };
      });
    },

    async count(now, options = {}) {
      assertNumber(now, "now");
      const prefix = options.prefix === undefined ? "" : options.prefix;
      assertString(prefix, "prefix");
      return run("count", () => collection.countDocuments(countFilter(now, prefix)));
    },

    async clear() {
      await run("clear", () => collection.deleteMany({}));
    },

    async close() {
      if (closed) return;
      closed = true;
      if (client !== undefined) await client.close().catch(() => {});
    },
  });
}

function checkedFields(record: StoredSession) {
  assertString(record.key, "key");
  if (record.owner !== null) assertString(record.owner, "owner");
  assertString(record.payload, "payload");
  assertNumber(record.createdAt, "createdAt");
  assertNumber(record.expiresAt, "expiresAt");
  assertNumber(record.version, "version");
  return toFields(record);
}

function open(options: MongoDriverOptions): {
  collection: Collection<SessionDocument>;
  client?: MongoClient;
} {
  if ("collection" in options && options.collection !== undefined) {
    validateCollectionName(options.collection.collectionName);
    return { collection: options.collection };
  }
  if ("db" in options && options.db !== undefined) {
    const name = validateCollectionName(options.collectionName ?? "sessions");
    return { collection: options.db.collection<SessionDocument>(name) };
  }
  if ("url" in options && typeof options.url === "string") {
    const name = validateCollectionName(options.collectionName ?? "sessions");
    const dbName = validateDbName(options.dbName);
    const timeoutMs = options.timeoutMs ?? 5_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ConfigError("mongo timeoutMs must be a positive number of milliseconds");
    }
    // No connect() here: the client connects on its first operation.
    // Per-stage timeouts, not `timeoutMS`: that option desynchronised connection pools in
    // mongodb 6.11–6.21 and 7.0–7.7 (CVE-2026-119179) and is a deprecated no-op since 6.22/7.8.
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      waitQueueTimeoutMS: timeoutMs,
      socketTimeoutMS: timeoutMs,
    });
    return { collection: client.db(dbName).collection<SessionDocument>(name), client };
  }
  throw new ConfigError("mongoDriver needs a `collection`, a `db` or a `url` with a `dbName`");
}
