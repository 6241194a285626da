/** The main page: the cart kept in the session's data, and the session's countdown. */

import type { ActiveSession } from "@sessions/core";
import type { FC } from "hono/jsx";
import type { CartData } from "../../manager.js";
import type { FeedEntry } from "../event-feed.js";
import { Countdown, EventList, PostButton } from "./components.js";
import { formatTime } from "./format.js";

/** Cart, expiry countdown and the latest events. */
export const Cart: FC<{ session: ActiveSession<CartData>; events: readonly FeedEntry[] }> = ({
  session,
  events,
}) => (
  <div class="columns">
    <section>
      <h2>Shopping cart</h2>
      {session.data.cart.length === 0 ? <p>The cart is empty.</p> : null}
      <ul class="cart" data-testid="cart">
        {session.data.cart.map((item, index) => (
          <li>
            <span>{item}</span>{" "}
            <PostButton action="/cart/remove" label="Remove" fields={{ index: String(index) }} />
          </li>
        ))}
      </ul>
      <form method="post" action="/cart/add" class="row">
        <input name="item" required maxlength={60} placeholder="apples" aria-label="Item" />
        <button type="submit">Add to cart</button>
      </form>
      <h2>This session</h2>
      <dl>
        <dt>Expires in</dt>
        <dd>
          <Countdown expiresAt={session.expiresAt} /> (idle window; at the latest{" "}
          {formatTime(session.absoluteExpiresAt)})
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(session.createdAt)}</dd>
        <dt>Version</dt>
        <dd>{session.version}</dd>
        <dt>Handle</dt>
        <dd>
          <code>{session.handle.slice(0, 8)}…</code> (public digest of the token; the token itself
          is only in your cookie)
        </dd>
      </dl>
    </section>
    <aside>
      <h2>Live events</h2>
      <EventList entries={events} live />
    </aside>
  </div>
);
