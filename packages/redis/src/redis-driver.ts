import {
  CONTRACT_VERSION,
  ConfigError,
  defineDriver,
  type ScanPage,
  type SessionDriver,
  type StoredSession,
} from "@sessions/core";
import { scriptBatcher } from "./batching.js";
import { type RedisClientLike, RedisConnection } from "./client.js";
import { escapeGlob, keyLayout } from "./keys.js";
import { COMPARE_AND_SET, DELETE, INSERT, TOUCH } from "./op-scripts.js";
import { existsCall, getBatcher } from "./reads.js";
import {
  assertKey,
  decodeRecord,
  encodeRecord,
  expiresField,
  ownerIndexKey,
} from "./record-codec.js";
import { COUNT_LIVE, DELETE_BY_OWNER, DELETE_EXPIRED, LIST_BY_OWNER } from "./scripts.js";

/** Options of {@link redisDriver}: a client, or a URL (then the driver owns its client). */
export type RedisDriverOptions = (
  | {
      /**
       * A node-redis client (`createClient()`), connected by you. The driver never closes
       * it. Creating it with `commandOptions: { timeout: 0 }` is recommended; the driver
       * already passes `{ timeout: 0 }` on each of its own commands.
       */
      readonly client: RedisClientLike;
      readonly url?: never;
    }
  | {
      /** `redis://` URL: the driver creates, connects and (on `close()`) closes its client. */
      readonly url: string;
      readonly client?: never;
    }
) & {
  /** Prefix of every key; printable ASCII without spaces, `* ? [ ] \ { }`. Default `"sessions:"`. */
  readonly prefix?: string;
  /** Deadline of each driver call in ms; past it the call rejects with `TIMEOUT`. Default 5000. */
  readonly timeoutMs?: number;
  /** SCAN COUNT hint for `scan`, `count`, `deleteExpired` and `clear`. Default 1000. */
  readonly scanCount?: number;
};

const asNumber = (reply: unknown): number => Number(reply);
const asStrings = (reply: unknown): string[] => reply as string[];

/**
 * A `SessionDriver` on Redis (node-redis 5 or 6, Redis 7+): one string per record with a
 * native TTL (PXAT, rounded up), an owner index per owner (a sorted set scored by expiresAt
 * that expires with its last session), one round trip per operation (Lua by EVALSHA), SCAN
 * (never KEYS) for listings. See the README for the key layout and guarantees.
 */
export function redisDriver(options: RedisDriverOptions): SessionDriver {
  const layout = keyLayout(options.prefix);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const scanCount = String(options.scanCount ?? 1_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigError("redis timeoutMs must be a positive number of milliseconds");
  }
  if (options.client === undefined && typeof options.url !== "string") {
    throw new ConfigError("redisDriver needs a node-redis `client` or a `url`");
  }
  const conn = new RedisConnection({ client: options.client, url: options.url, timeoutMs });
  const { base, records } = layout;
  // The single-record calls of one tick share one command or script (see batching.ts);
  // exists is the exception (see reads.ts).
  const get = getBatcher(conn, records);
  const exists = existsCall(conn, records);
  const insert = scriptBatcher(conn, base, INSERT);
  const compareAndSet = scriptBatcher(conn, base, COMPARE_AND_SET);
  const touch = scriptBatcher(conn, base, TOUCH);
  const remove = scriptBatcher(conn, base, DELETE);

  /** One SCAN step: [next cursor, keys]. */
  const scanStep = (cursor: string, pattern: string): Promise<[string, string[]]> =>
    conn.command("scan", ["SCAN", cursor, "MATCH", pattern, "COUNT", scanCount], (reply) => {
      const [next, keys] = reply as [string, string[]];
      return [String(next), keys];
    });

  /** Runs `batch` on every SCAN batch of `pattern` until done or `batch` says stop. */
  const scanEach = async (
    pattern: string,
    batch: (keys: string[]) => Promise<boolean | undefined>,
  ): Promise<void> => {
    let cursor = "0";
    do {
      const [next, keys] = await scanStep(cursor, pattern);
      cursor = next;
      if (keys.length > 0 && (await batch(keys)) === false) return;
    } while (cursor !== "0");
  };

  const fetch = (keys: string[]): Promise<StoredSession[]> =>
    keys.length === 0
      ? Promise.resolve([])
      : conn.command("scan", ["MGET", ...keys], (reply) => {
          const out: StoredSession[] = [];
          (reply as (string | null)[]).forEach((value, i) => {
            if (value !== null) out.push(decodeRecord(keys[i]!.slice(records.length), value));
          });
          return out;
        });

  return defineDriver({
    contract: CONTRACT_VERSION,
    name: "redis",
    capabilities: { nativeTtl: true, crossProcess: true },

    get(key, now) {
      try {
        assertKey(key);
        return get({ key, now });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    exists(key, now) {
      try {
        assertKey(key);
        return exists({ key, now });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    insert(record, now) {
      try {
        const { value, pxat, index } = encodeRecord(layout, record);
        const live = record.expiresAt > now ? pxat : "0";
        const keys = index === undefined ? [records + record.key] : [records + record.key, index];
        return insert({ keys, args: [String(now), value, live, record.key] });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    compareAndSet(record, expectedVersion, now) {
      try {
        const { value, pxat, index } = encodeRecord(layout, record);
        const live = record.expiresAt > now ? pxat : "0";
        const keys = index === undefined ? [records + record.key] : [records + record.key, index];
        const args = [String(now), String(expectedVersion), value, live, record.key];
        return compareAndSet({ keys, args });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    touch(key, expiresAt, now) {
      try {
        assertKey(key);
        const live = expiresAt > now ? String(Math.ceil(expiresAt)) : "0";
        return touch({
          keys: [records + key],
          args: [String(now), expiresField(expiresAt), live, key],
        });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    delete(key) {
      try {
        assertKey(key);
        return remove({ keys: [records + key], args: [key] });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    listByOwner(owner, now) {
      try {
        const index = ownerIndexKey(layout, owner);
        return conn.script(LIST_BY_OWNER, [index], [base, String(now), records], (reply) => {
          const flat = asStrings(reply);
          const out: StoredSession[] = [];
          for (let i = 0; i < flat.length; i += 2) {
            const record = decodeRecord(flat[i]!, flat[i + 1]!);
            if (record.expiresAt > now && record.owner === owner) out.push(record);
          }
          return out;
        });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    deleteByOwner(owner) {
      try {
        const index = ownerIndexKey(layout, owner);
        return conn.script(DELETE_BY_OWNER, [index], [base, records], asNumber);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    async deleteExpired(now, { limit = Number.POSITIVE_INFINITY, prefix = "" } = {}) {
      assertKey(prefix);
      const recordPrefix = records + prefix;
      const indexPrefix = `${base}o:${prefix}`;
      let removed = 0;
      // One SCAN over the whole namespace: records with the prefix, and owner indexes whose
      // owner starts with it (core stores owners as `<app>:<owner>`), pruned of dead members.
      await scanEach(`${escapeGlob(base)}*`, async (keys) => {
        const recordKeys = keys.filter((k) => k.startsWith(recordPrefix));
        const indexKeys = keys.filter(
          (k) => k.startsWith(indexPrefix) || (prefix === "" && k.startsWith(`${base}O:`)),
        );
        if (recordKeys.length + indexKeys.length === 0) return true;
        const left = limit - removed;
        const args = [base, String(now), records, String(left), String(recordKeys.length)];
        removed += await conn.script(DELETE_EXPIRED, [...recordKeys, ...indexKeys], args, asNumber);
        return removed < limit;
      });
      return removed;
    },

    async scan({ cursor, limit, prefix = "" }): Promise<ScanPage> {
      assertKey(prefix);
      const pattern = `${escapeGlob(records + prefix)}*`;
      // Cursor = "<SCAN cursor>:<last key returned from that SCAN batch>": a batch larger
      // than the page limit is resumed by scanning the same cursor and skipping keys up to
      // the last one returned (batches are sorted), so each key is returned once.
      const split = cursor === undefined ? -1 : cursor.indexOf(":");
      let at = cursor === undefined ? "0" : cursor.slice(0, split);
      let after = cursor === undefined || split < 0 ? undefined : cursor.slice(split + 1);
      const page: string[] = [];
      while (true) {
        const [next, found] = await scanStep(at, pattern);
        const keys = [...new Set(found)]
          .map((k) => k.slice(records.length))
          .filter((k) => after === undefined || k > after)
          .sort();
        const room = limit - page.length;
        if (keys.length > room) {
          page.push(...keys.slice(0, room));
          const records_ = await fetch(page.map((k) => records + k));
          return { records: records_, cursor: `${at}:${page.at(-1)!}` };
        }
        page.push(...keys);
        if (next === "0") return { records: await fetch(page.map((k) => records + k)) };
        at = next;
        after = undefined;
        if (page.length === limit) {
          return { records: await fetch(page.map((k) => records + k)), cursor: `${at}:` };
        }
      }
    },

    async count(now, options = {}) {
      const prefix = options.prefix ?? "";
      assertKey(prefix);
      let total = 0;
      await scanEach(`${escapeGlob(records + prefix)}*`, async (keys) => {
        total += await conn.script(COUNT_LIVE, keys, [base, String(now)], asNumber);
        return true;
      });
      return total;
    },

    async clear() {
      await scanEach(`${escapeGlob(base)}*`, async (keys) => {
        await conn.command("clear", ["UNLINK", ...keys], asNumber);
        return true;
      });
    },

    close: () => conn.close(),
  });
}
