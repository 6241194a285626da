import { randomBytes } from "node:crypto";
import session, { type SessionData } from "express-session";
import { type Payload, payloadOf } from "../payload.js";
import type { Subject, SubjectInstance } from "../subject.js";

const MAX_AGE_MS = 60 * 60 * 1000;

/** The cookie part of an express-session session, as its `Cookie` serialises it. */
interface CookieFields {
  originalMaxAge: number;
  expires: Date;
  httpOnly: boolean;
  path: string;
}

/** A fresh one-hour cookie, as express-session builds on a new session or a touch. */
function freshCookie(): CookieFields {
  return {
    originalMaxAge: MAX_AGE_MS,
    expires: new Date(Date.now() + MAX_AGE_MS),
    httpOnly: true,
    path: "/",
  };
}

/** An express-session session object: `{ cookie, ...data }`. */
function sessionObject(data: Payload): SessionData {
  return { cookie: freshCookie(), ...data } as unknown as SessionData;
}

/** express-session's default id: uid-safe's `uid(24)`, i.e. 24 CSPRNG bytes, base64url. */
function newSessionId(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * The peer: express-session's `MemoryStore`, promisified. Its callbacks are deferred with
 * `setImmediate`, as in production; that is part of what is measured.
 */
export const expressMemoryStore: Subject = {
  name: "MemoryStore",
  description:
    "express-session MemoryStore (callbacks promisified; sid = randomBytes(24) base64url)",
  target: false,
  open(sessions, payloads): SubjectInstance {
    const store = new session.MemoryStore();
    const sids: string[] = new Array(sessions).fill("");
    const set = (sid: string, value: SessionData): Promise<boolean> =>
      new Promise((resolve, reject) =>
        store.set(sid, value, (error) => (error ? reject(error) : resolve(true))),
      );
    return {
      async create(i) {
        // express-session draws the id when it generates a new session: count it here.
        const sid = newSessionId();
        sids[i] = sid;
        return set(sid, sessionObject(payloadOf(payloads, i).initial));
      },
      get: (i) =>
        new Promise((resolve, reject) =>
          store.get(sids[i]!, (error, value) =>
            error ? reject(error) : resolve(value !== null && value !== undefined),
          ),
        ),
      touch: (i) =>
        new Promise((resolve) =>
          store.touch(sids[i]!, sessionObject(payloadOf(payloads, i).initial), () => resolve(true)),
        ),
      update: (i) => set(sids[i]!, sessionObject(payloadOf(payloads, i).updated)),
      destroy: (i) =>
        new Promise((resolve, reject) =>
          store.destroy(sids[i]!, (error) => (error ? reject(error) : resolve(true))),
        ),
      close: async () => {
        await new Promise<void>((resolve) => store.clear(() => resolve()));
      },
    };
  },
};
