import { memoryDriver, type SessionCipher } from "@sessions/core";
import type { Subject } from "../../subject.js";
import { managerSubject, type SessionForm } from "../../subjects/manager-subject.js";

/**
 * `@sessions/core` over `memoryDriver()` with `ttl: "1h"`, one owner per 4 sessions, as the
 * `core` subject of `src/subjects/core.ts`, plus an optional cipher; `form` as in
 * `managerSubject` (the "by token" pair is reported for information).
 */
export function cipherSubject(
  name: string,
  cipher: SessionCipher | undefined,
  form: SessionForm = "session",
): Subject {
  return managerSubject({
    name,
    form,
    description: `createSessionManager({ driver: memoryDriver(), ttl: "1h"${cipher ? ", cipher" : ""} })`,
    target: cipher !== undefined && form === "session",
    backend: () => ({ driver: memoryDriver() }),
    ...(cipher !== undefined && { options: { cipher } }),
  });
}
