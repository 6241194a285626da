/** The client script and the stylesheet, served from memory. */

import { Hono } from "hono";
import { CLIENT_SCRIPT } from "../assets/client-script.js";
import { STYLE } from "../assets/style.js";
import type { PlaygroundEnv } from "../state.js";

/** `GET /assets/client.js` and `GET /assets/style.css`. */
export function assetRoutes(): Hono<PlaygroundEnv> {
  return new Hono<PlaygroundEnv>()
    .get("/assets/client.js", (c) =>
      c.body(CLIENT_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8" }),
    )
    .get("/assets/style.css", (c) =>
      c.body(STYLE, 200, { "content-type": "text/css; charset=utf-8" }),
    );
}
