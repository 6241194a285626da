/** The web app: middleware order, routes, and what a failed request shows. */

import { SessionError, SessionLockedError } from "@sessions/core";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { loadSession } from "./middleware.js";
import { renderPage } from "./page.js";
import { assetRoutes } from "./routes/assets.js";
import { authRoutes } from "./routes/auth.js";
import { cartRoutes } from "./routes/cart.js";
import { eventRoutes } from "./routes/events.js";
import { homeRoutes } from "./routes/home.js";
import { securityRoutes } from "./routes/security.js";
import { sessionRoutes } from "./routes/sessions.js";
import { storageRoutes } from "./routes/storage.js";
import type { PlaygroundEnv, PlaygroundState } from "./state.js";
import { Locked } from "./views/security.js";

/** Builds the Hono app of a running playground. */
export function createApp(state: PlaygroundState): Hono<PlaygroundEnv> {
  const app = new Hono<PlaygroundEnv>();
  app.use(
    secureHeaders({
      // Scripts and styles only from this server: no inline script can run even if some
      // value ever escaped its escaping.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    }),
  );
  // State-changing form POSTs must come from this origin (Origin / Sec-Fetch-Site check).
  app.use(csrf());
  // Assets come before the session middleware: loading them is no session activity.
  app.route("/", assetRoutes());
  app.use(loadSession(state));
  for (const routes of [
    homeRoutes,
    authRoutes,
    cartRoutes,
    sessionRoutes,
    securityRoutes,
    storageRoutes,
    eventRoutes,
  ]) {
    app.route("/", routes(state));
  }
  app.notFound((c) =>
    renderPage(c, state, "Not found", null, { status: 404, error: "No such page." }),
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    // A session locked (or taken over) between loading and writing: show what is true now.
    if (error instanceof SessionLockedError) {
      return renderPage(c, state, "Locked", <Locked />, { status: 423 });
    }
    if (error instanceof SessionError) {
      // Core's messages never hold tokens, passwords or data, so they can be shown and logged.
      console.error(`playground: ${c.req.method} ${c.req.path}: ${error.code}: ${error.message}`);
      return renderPage(c, state, "Error", null, {
        status: 409,
        error: `${error.code}: ${error.message}`,
      });
    }
    console.error(`playground: ${c.req.method} ${c.req.path}: ${(error as Error).name}`);
    return renderPage(c, state, "Error", null, { status: 500, error: "Something went wrong." });
  });
  return app;
}
