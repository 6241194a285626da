/** `POST /cart/add` and `POST /cart/remove`: the cart lives in the session's data. */

import { Hono } from "hono";
import { formField } from "../form.js";
import { activeSession, requireActive } from "../middleware.js";
import type { PlaygroundEnv, PlaygroundState } from "../state.js";

/** Most items a cart keeps; the oldest go first (a demo, not a shop). */
const MAX_ITEMS = 50;

/** Add an item to and remove one from the cart. */
export function cartRoutes(state: PlaygroundState): Hono<PlaygroundEnv> {
  return new Hono<PlaygroundEnv>()
    .post("/cart/add", requireActive(state), async (c) => {
      const item = await formField(c, "item", 60);
      if (item === null) return c.redirect("/", 303);
      // A function update of the session the middleware read: one compare-and-set when
      // nothing changed since; concurrent adds from two tabs are retried by core, never lost.
      await state.manager.update(activeSession(c), (previous) => ({
        cart: [...previous.cart, item].slice(-MAX_ITEMS),
      }));
      return c.redirect("/?m=added", 303);
    })
    .post("/cart/remove", requireActive(state), async (c) => {
      const index = Number(await formField(c, "index", 3));
      if (!Number.isInteger(index)) return c.redirect("/", 303);
      await state.manager.update(activeSession(c), (previous) => ({
        cart: previous.cart.filter((_, position) => position !== index),
      }));
      return c.redirect("/?m=removed", 303);
    });
}
