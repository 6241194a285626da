import session from "express-session";
import type { Subject } from "../subject.js";
import { expressStoreSubject } from "./express-store-subject.js";

/**
 * The peer: express-session's `MemoryStore`. Its callbacks are deferred with `setImmediate`,
 * as in production; that is part of what is measured.
 */
export const expressMemoryStore: Subject = expressStoreSubject({
  name: "MemoryStore",
  description:
    "express-session MemoryStore (callbacks promisified; sid = randomBytes(24) base64url)",
  backend: () => {
    const store = new session.MemoryStore();
    return { store, close: () => new Promise<void>((resolve) => store.clear(() => resolve())) };
  },
});
