import { randomBytes } from "node:crypto";
import type { SessionData, Store } from "express-session";
import { type Payload, payloadOf } from "../payload.js";
import type { Subject, SubjectInstance } from "../subject.js";

const MAX_AGE_MS = 60 * 60 * 1000;

/**
 * An express-session session object: `{ cookie, ...data }` with a fresh one-hour cookie. Like
 * express-session's `Cookie`, `maxAge` is readable (stores use it for the expiry) but not
 * serialised.
 */
export function expressSessionObject(data: Payload): SessionData {
  const cookie = {
    originalMaxAge: MAX_AGE_MS,
    expires: new Date(Date.now() + MAX_AGE_MS),
    httpOnly: true,
    path: "/",
  };
  Object.defineProperty(cookie, "maxAge", { value: MAX_AGE_MS, enumerable: false });
  return { cookie, ...data } as unknown as SessionData;
}

/** express-session's default id: uid-safe's `uid(24)`, i.e. 24 CSPRNG bytes, base64url. */
export function newExpressSid(): string {
  return randomBytes(24).toString("base64url");
}

/** A fresh express-session store for one measurement, and how to release it. */
export interface ExpressStoreBackend {
  readonly store: Store;
  close(): unknown;
}

/** What an {@link expressStoreSubject} measures. */
export interface ExpressStoreSpec {
  readonly name: string;
  readonly description: string;
  readonly backend: () => ExpressStoreBackend;
}

/**
 * A peer: an express-session store driven through its callback API, as express-session drives
 * it — create = a new sid (counted: express-session draws one per new session) then `set`,
 * get = `get`, touch = `touch` with a fresh cookie, update = `set`, destroy = `destroy`.
 */
export function expressStoreSubject(spec: ExpressStoreSpec): Subject {
  return {
    name: spec.name,
    description: spec.description,
    target: false,
    open(sessions, payloads): SubjectInstance {
      const { store, close } = spec.backend();
      const sids: string[] = new Array(sessions).fill("");
      const set = (sid: string, value: SessionData): Promise<boolean> =>
        new Promise((resolve, reject) =>
          store.set(sid, value, (error) => (error ? reject(error) : resolve(true))),
        );
      return {
        create(i) {
          const sid = newExpressSid();
          sids[i] = sid;
          return set(sid, expressSessionObject(payloadOf(payloads, i).initial));
        },
        get: (i) =>
          new Promise((resolve, reject) =>
            store.get(sids[i]!, (error, value) =>
              error ? reject(error) : resolve(value !== null && value !== undefined),
            ),
          ),
        touch: (i) =>
          new Promise((resolve) =>
            store.touch!(sids[i]!, expressSessionObject(payloadOf(payloads, i).initial), () =>
              resolve(true),
            ),
          ),
        update: (i) => set(sids[i]!, expressSessionObject(payloadOf(payloads, i).updated)),
        destroy: (i) =>
          new Promise((resolve, reject) =>
            store.destroy(sids[i]!, (error) => (error ? reject(error) : resolve(true))),
          ),
        async close() {
          await close();
        },
      };
    },
  };
}
