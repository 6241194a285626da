/** Session loading and the guards routes put in front of their handlers. */

import type { ActiveSession } from "@sessions/core";
import { InvalidSessionIdError } from "@sessions/core";
import type { Context, MiddlewareHandler } from "hono";
import type { CartData } from "../manager.js";
import { clearToken, readToken } from "./cookie.js";
import { renderPage } from "./page.js";
import type { PlaygroundEnv, PlaygroundState } from "./state.js";
import { Locked } from "./views/security.js";

/**
 * Loads the session of the request's cookie once per request. A cookie whose session is gone
 * (revoked, taken over, expired, malformed) is cleared, and the page says so.
 */
export function loadSession(state: PlaygroundState): MiddlewareHandler<PlaygroundEnv> {
  return async (c, next) => {
    const token = readToken(c);
    let session = null;
    if (token !== null) {
      try {
        session = await state.manager.get(token);
      } catch (error) {
        if (!(error instanceof InvalidSessionIdError)) throw error;
      }
      if (!session) clearToken(c);
    }
    c.set("session", session);
    c.set("ended", token !== null && session === null);
    await next();
  };
}

/** Lets signed-in requests through (locked or not); others go to the sign-in page. */
export const requireSession: MiddlewareHandler<PlaygroundEnv> = async (c, next) => {
  if (!c.get("session")) return toSignIn(c);
  await next();
};

/** Redirects to the sign-in page, telling it when this browser's session has just ended. */
function toSignIn(c: Context<PlaygroundEnv>): Response {
  return c.redirect(c.get("ended") ? "/?m=ended" : "/", 303);
}

/** Lets unlocked sessions through; a locked one gets the unlock form instead of the page. */
export function requireActive(state: PlaygroundState): MiddlewareHandler<PlaygroundEnv> {
  return async (c, next) => {
    const session = c.get("session");
    if (!session) return toSignIn(c);
    if (session.locked) return renderPage(c, state, "Locked", <Locked />, { status: 423 });
    await next();
  };
}

/** The request's unlocked session; only call behind {@link requireActive}. */
export function activeSession(c: Context<PlaygroundEnv>): ActiveSession<CartData> {
  const session = c.get("session");
  if (!session || session.locked) throw new Error("activeSession used without requireActive");
  return session;
}
