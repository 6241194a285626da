/** "My sessions": list, revoke one, log out everywhere else. */

import { Hono } from "hono";
import { formField } from "../form.js";
import { activeSession, requireActive } from "../middleware.js";
import { renderPage } from "../page.js";
import type { PlaygroundEnv, PlaygroundState } from "../state.js";
import { Sessions } from "../views/sessions.js";

/** The owner's sessions. */
export function sessionRoutes(state: PlaygroundState): Hono<PlaygroundEnv> {
  return new Hono<PlaygroundEnv>()
    .get("/sessions", requireActive(state), async (c) => {
      const session = activeSession(c);
      const sessions = await state.manager.getByOwner(session.owner!);
      sessions.sort((a, b) => b.createdAt - a.createdAt);
      return renderPage(
        c,
        state,
        "My sessions",
        <Sessions sessions={sessions} current={session.handle} />,
      );
    })
    .post("/sessions/revoke", requireActive(state), async (c) => {
      const session = activeSession(c);
      const handle = await formField(c, "handle", 128);
      // A handle is public, so it proves nothing: revoke only sessions of this same owner.
      const target =
        handle !== null && isHandle(handle) ? await state.manager.inspect(handle) : null;
      if (!target || target.owner !== session.owner) {
        return renderPage(c, state, "My sessions", null, {
          status: 404,
          error: "No such session among yours.",
        });
      }
      await state.manager.revoke(target.handle);
      return c.redirect("/sessions?m=revoked", 303);
    })
    .post("/sessions/logout-others", requireActive(state), async (c) => {
      const session = activeSession(c);
      await state.manager.destroyByOwner(session.owner!, { except: session.id });
      return c.redirect("/sessions?m=logged-out-others", 303);
    });
}

function isHandle(text: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(text);
}
