import { memoryDriver, type SessionCipher } from "@sessions/core";
import type { Subject } from "../../subject.js";
import { managerSubject } from "../../subjects/manager-subject.js";

/**
 * `@sessions/core` over `memoryDriver()` with `ttl: "1h"`, one owner per 4 sessions, as the
 * `core` subject of `src/subjects/core.ts`, plus an optional cipher.
 */
export function cipherSubject(name: string, cipher: SessionCipher | undefined): Subject {
  return managerSubject({
    name,
    description: `createSessionManager({ driver: memoryDriver(), ttl: "1h"${cipher ? ", cipher" : ""} })`,
    target: cipher !== undefined,
    backend: () => ({ driver: memoryDriver() }),
    ...(cipher !== undefined && { options: { cipher } }),
  });
}
