/** `POST /login` and `POST /logout`. */

import { OwnerBusyError } from "@sessions/core";
import { Hono } from "hono";
import { clearToken, writeToken } from "../cookie.js";
import { deviceLabel } from "../device.js";
import { formField } from "../form.js";
import { renderPage } from "../page.js";
import type { PlaygroundEnv, PlaygroundState } from "../state.js";
import { SignIn } from "../views/sign-in.js";

/** Sign in as a name (a new session, so a new token) and sign out. */
export function authRoutes(state: PlaygroundState): Hono<PlaygroundEnv> {
  return new Hono<PlaygroundEnv>()
    .post("/login", async (c) => {
      const name = await formField(c, "name", 64);
      if (name === null) {
        return renderPage(c, state, "Sign in", <SignIn ended={false} />, {
          status: 400,
          error: "Enter a name: 1 to 64 characters, no control characters.",
        });
      }
      const device = (await formField(c, "device", 40)) ?? deviceLabel(c.req.header("user-agent"));
      // Signing in again, as anyone, ends this browser's previous session first.
      const previous = c.get("session");
      if (previous) await state.manager.destroy(previous.id);
      try {
        const session = await state.manager.create({
          owner: name,
          data: { cart: [] },
          meta: { device },
        });
        writeToken(c, session);
      } catch (error) {
        if (!(error instanceof OwnerBusyError)) throw error;
        clearToken(c);
        c.set("session", null);
        const seconds = Math.ceil(error.retryAfterMs / 1000);
        return renderPage(c, state, "Sign in", <SignIn name={name} ended={false} />, {
          status: 409,
          error: `${name} is already signed in elsewhere, and this playground allows one session per owner (OwnerBusy). The newer sign-in can take over in ${seconds} s.`,
        });
      }
      return c.redirect("/?m=signed-in", 303);
    })
    .post("/logout", async (c) => {
      const session = c.get("session");
      if (session) await state.manager.destroy(session.id);
      clearToken(c);
      return c.redirect("/?m=signed-out", 303);
    });
}
