import type { ManagerContext } from "./context.js";
import type { StoredSession } from "./contract.js";
import { SessionStoreError } from "./errors.js";

/** A record just inserted under a fresh token. */
export interface InsertedSession {
  readonly token: string;
  readonly handle: string;
  readonly record: StoredSession;
}

// A 256-bit token never collides; repeats mean an idFactory that returns fixed values.
const MAX_ID_ATTEMPTS = 3;

/**
 * Draws a token, builds the record for its handle and inserts it, drawing again if the key
 * is taken. Never overwrites an existing session.
 */
export async function insertWithNewToken(
  ctx: ManagerContext,
  build: (handle: string) => StoredSession,
  now: number,
): Promise<InsertedSession> {
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
    const token = ctx.newToken();
    const handle = ctx.keys.handleOf(token);
    const record = build(handle);
    if (await ctx.driver.insert(record, now)) return { token, handle, record };
  }
  throw new SessionStoreError(ctx.driver.name, "could not allocate a unique session id", {
    code: "STORE_FAILURE",
  });
}
