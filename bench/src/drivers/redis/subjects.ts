import { createKeyv } from "@keyv/redis";
import { redisDriver } from "@sessions/redis";
import { RedisStore } from "connect-redis";
import { createClient } from "redis";
import { payloadOf } from "../../payload.js";
import type { Subject, SubjectInstance } from "../../subject.js";
import { expressSessionObject, newExpressSid } from "../../subjects/express-store-subject.js";
import { newId, ownersFor } from "../../subjects/identities.js";
import { type KeyvLike, keyvSubject } from "../../subjects/keyv-subject.js";
import { managerSubjects } from "../../subjects/manager-subject.js";

/**
 * The one node-redis client every subject shares. `timeout: 0` switches off node-redis 6's
 * per-command 5 s AbortSignal timeout for everybody, peers included.
 */
export const connectClient = (url: string) => createClient({ url, commandOptions: { timeout: 0 } });

/** Type of {@link connectClient}'s client. */
export type Client = ReturnType<typeof connectClient>;

const TTL_MS = 60 * 60 * 1000;
let instances = 0;
/** A key prefix of its own for every instance, so instances never see each other's keys. */
const nextPrefix = (name: string): string => `bench:${name}:${++instances}:`;

/** Deletes every key under `prefix` (SCAN + UNLINK). */
export async function dropPrefix(client: Client, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
}

/** `@sessions/redis` through the session manager: the subject held to the targets, then the same by token. */
export function sessionsSubjects(client: Client): Subject[] {
  return managerSubjects({
    name: "sessions",
    description:
      'createSessionManager({ driver: redisDriver({ client, prefix }), ttl: "1h" }): create({ owner, data }) / get / touch / update(…, data2) / destroy',
    target: true,
    backend: () => {
      const prefix = nextPrefix("sessions");
      return { driver: redisDriver({ client, prefix }), cleanup: () => dropPrefix(client, prefix) };
    },
  });
}

/**
 * Raw node-redis doing the same work with the fewest commands: a CSPRNG id, JSON encode or
 * decode of the data, and create = MULTI(SET PXAT, ZADD owner index); get = GET + JSON.parse;
 * touch = PEXPIREAT; update = SET XX PXAT; destroy = MULTI(DEL, ZREM owner index).
 */
export function rawSubject(client: Client): Subject {
  return {
    name: "raw",
    description:
      "node-redis: create MULTI(SET PXAT, ZADD owner) / GET+JSON.parse / PEXPIREAT / SET XX PXAT / MULTI(DEL, ZREM)",
    target: false,
    open(sessions, payloads): SubjectInstance {
      const prefix = nextPrefix("raw");
      const who = ownersFor(sessions);
      const ids: string[] = new Array(sessions).fill("");
      const deadline = () => Date.now() + TTL_MS;
      return {
        async create(i) {
          const id = newId();
          ids[i] = id;
          const at = deadline();
          await client
            .multi()
            .set(prefix + id, JSON.stringify(payloadOf(payloads, i).initial), { PXAT: at })
            .zAdd(`${prefix}o:${who[i]}`, { score: at, value: id })
            .exec();
          return true;
        },
        async get(i) {
          const value = await client.get(prefix + ids[i]!);
          return value !== null && JSON.parse(value) !== null;
        },
        touch: async (i) => (await client.pExpireAt(prefix + ids[i]!, deadline())) === 1,
        async update(i) {
          const data = JSON.stringify(payloadOf(payloads, i).updated);
          const reply = await client.set(prefix + ids[i]!, data, { PXAT: deadline(), XX: true });
          return reply === "OK";
        },
        async destroy(i) {
          const id = ids[i]!;
          const [deleted] = await client
            .multi()
            .del(prefix + id)
            .zRem(`${prefix}o:${who[i]}`, id)
            .exec();
          return Number(deleted) === 1;
        },
        close: () => dropPrefix(client, prefix),
      };
    },
  };
}

/** connect-redis 9 (express-session's Redis store), promise API; sid = randomBytes(24). */
export function connectRedisSubject(client: Client): Subject {
  return {
    name: "connect-redis",
    description:
      "connect-redis 9 RedisStore({ client, prefix }): set(sid, { cookie, ...data }) / get / touch(sid, sess) / set / destroy",
    target: false,
    open(sessions, payloads): SubjectInstance {
      const prefix = nextPrefix("connect-redis");
      const store = new RedisStore({ client, prefix });
      const sids: string[] = new Array(sessions).fill("");
      return {
        async create(i) {
          const sid = newExpressSid();
          sids[i] = sid;
          await store.set(sid, expressSessionObject(payloadOf(payloads, i).initial));
          return true;
        },
        get: async (i) => (await store.get(sids[i]!)) != null,
        async touch(i) {
          await store.touch(sids[i]!, expressSessionObject(payloadOf(payloads, i).initial));
          return true;
        },
        async update(i) {
          await store.set(sids[i]!, expressSessionObject(payloadOf(payloads, i).updated));
          return true;
        },
        async destroy(i) {
          await store.destroy(sids[i]!);
          return true;
        },
        close: () => dropPrefix(client, prefix),
      };
    },
  };
}

/** Keyv 5 over @keyv/redis 5; Keyv has no expire-only call, so touch re-sets the value. */
export function redisKeyvSubject(client: Client): Subject {
  return keyvSubject({
    description:
      "keyv 5 + @keyv/redis 5 createKeyv(client, { namespace }): set(id, data, ttl) / get / set (touch) / set / delete",
    backend: () => {
      const namespace = nextPrefix("keyv").slice(0, -1);
      return {
        keyv: createKeyv(client as never, { namespace }) as unknown as KeyvLike,
        close: () => dropPrefix(client, namespace),
      };
    },
  });
}
