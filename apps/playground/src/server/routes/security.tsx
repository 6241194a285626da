/** Lock with a password, unlock (new token), regenerate (new token). */

import { InvalidPasswordError, TooManyAttemptsError } from "@sessions/core";
import { Hono } from "hono";
import { writeToken } from "../cookie.js";
import { passwordField } from "../form.js";
import { activeSession, requireActive, requireSession } from "../middleware.js";
import { renderPage } from "../page.js";
import type { PlaygroundEnv, PlaygroundState } from "../state.js";
import { Locked, Security } from "../views/security.js";

/** The lock, unlock and regenerate actions. */
export function securityRoutes(state: PlaygroundState): Hono<PlaygroundEnv> {
  return new Hono<PlaygroundEnv>()
    .get("/security", requireActive(state), (c) =>
      renderPage(c, state, "Lock & regenerate", <Security handle={activeSession(c).handle} />),
    )
    .post("/lock", requireActive(state), async (c) => {
      const password = await passwordField(c);
      if (password === null) return c.redirect("/security", 303);
      await state.manager.lock(activeSession(c).id, password);
      return c.redirect("/?m=locked", 303);
    })
    .post("/unlock", requireSession, async (c) => {
      const password = await passwordField(c);
      const session = c.get("session")!;
      try {
        if (password === null) throw new InvalidPasswordError();
        // Unlocking is a privilege change: core returns the session under a new token.
        writeToken(c, await state.manager.unlock(session.id, password));
      } catch (error) {
        const message = unlockRefusal(error);
        if (message === null) throw error;
        return renderPage(c, state, "Locked", <Locked />, { status: 401, error: message });
      }
      return c.redirect("/?m=unlocked", 303);
    })
    .post("/regenerate", requireActive(state), async (c) => {
      writeToken(c, await state.manager.regenerate(activeSession(c).id));
      return c.redirect("/security?m=regenerated", 303);
    });
}

function unlockRefusal(error: unknown): string | null {
  if (error instanceof InvalidPasswordError) return "Wrong password.";
  if (error instanceof TooManyAttemptsError) {
    return `Too many failed attempts: try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`;
  }
  return null;
}
