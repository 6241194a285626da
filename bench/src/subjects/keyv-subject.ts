import type { Payload } from "../payload.js";
import { payloadOf } from "../payload.js";
import type { Subject, SubjectInstance } from "../subject.js";
import { newId } from "./identities.js";

const TTL_MS = 60 * 60 * 1000;

/** The few Keyv methods the benchmark calls (keyv 5). */
export interface KeyvLike {
  set(key: string, value: Payload, ttl: number): Promise<boolean>;
  get(key: string): Promise<unknown>;
  delete(key: string): Promise<boolean>;
}

/** A fresh Keyv instance for one measurement, and how to release it. */
export interface KeyvBackend {
  readonly keyv: KeyvLike;
  close(): unknown;
}

/**
 * A peer: Keyv over some storage adapter, doing the benchmark's work — create = a new CSPRNG
 * id then `set(id, data, ttl)`, get = `get`, touch = `set` again (Keyv has no expire-only call),
 * update = `set`, destroy = `delete`. Every driver benchmark's `keyv` row uses this definition.
 */
export function keyvSubject(spec: {
  readonly description: string;
  readonly backend: () => KeyvBackend;
}): Subject {
  return {
    name: "keyv",
    description: spec.description,
    target: false,
    open(sessions, payloads): SubjectInstance {
      const { keyv, close } = spec.backend();
      const ids: string[] = new Array(sessions).fill("");
      return {
        async create(i) {
          const id = newId();
          ids[i] = id;
          return keyv.set(id, payloadOf(payloads, i).initial, TTL_MS);
        },
        get: async (i) => (await keyv.get(ids[i]!)) !== undefined,
        touch: (i) => keyv.set(ids[i]!, payloadOf(payloads, i).initial, TTL_MS),
        update: (i) => keyv.set(ids[i]!, payloadOf(payloads, i).updated, TTL_MS),
        destroy: (i) => keyv.delete(ids[i]!),
        async close() {
          await close();
        },
      };
    },
  };
}
