import { createSessionManager, memoryDriver, type SessionCipher } from "@sessions/core";
import { type Payload, payloadOf } from "../../payload.js";
import type { Subject, SubjectInstance } from "../../subject.js";

/**
 * `@sessions/core` over `memoryDriver()` with `ttl: "1h"`, one owner per 4 sessions, as the
 * `core` subject of `src/subjects/core.ts` (which takes no cipher), plus an optional cipher.
 */
export function managerSubject(name: string, cipher: SessionCipher | undefined): Subject {
  return {
    name,
    description: `createSessionManager({ driver: memoryDriver(), ttl: "1h"${cipher ? ", cipher" : ""} })`,
    target: cipher !== undefined,
    open(sessions, payloads): SubjectInstance {
      const manager = createSessionManager<Payload>({
        driver: memoryDriver(),
        ttl: "1h",
        ...(cipher !== undefined && { cipher }),
      });
      const owners = Array.from({ length: sessions }, (_, i) => `user${i >> 2}@example.com`);
      const ids: string[] = new Array(sessions).fill("");
      return {
        async create(i) {
          const session = await manager.create({
            owner: owners[i]!,
            data: payloadOf(payloads, i).initial,
          });
          ids[i] = session.id;
          return true;
        },
        async get(i) {
          const session = await manager.get(ids[i]!);
          return session !== null && session.data !== null;
        },
        touch: (i) => manager.touch(ids[i]!),
        async update(i) {
          await manager.update(ids[i]!, payloadOf(payloads, i).updated);
          return true;
        },
        destroy: (i) => manager.destroy(ids[i]!),
        close: () => manager.close(),
      };
    },
  };
}
