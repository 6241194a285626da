/** `GET /`: the sign-in form, or the cart of the signed-in session. */

import { Hono } from "hono";
import { renderPage } from "../page.js";
import type { PlaygroundEnv, PlaygroundState } from "../state.js";
import { Cart } from "../views/cart.js";
import { Locked } from "../views/security.js";
import { SignIn } from "../views/sign-in.js";

/** The home page. */
export function homeRoutes(state: PlaygroundState): Hono<PlaygroundEnv> {
  return new Hono<PlaygroundEnv>().get("/", (c) => {
    const session = c.get("session");
    if (!session) {
      const ended = c.get("ended") || c.req.query("m") === "ended";
      return renderPage(c, state, "Sign in", <SignIn ended={ended} />);
    }
    if (session.locked) return renderPage(c, state, "Locked", <Locked />, { status: 423 });
    return renderPage(c, state, "Cart", <Cart session={session} events={state.feed.recent(15)} />);
  });
}
