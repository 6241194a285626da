/** The live event log page. */

import type { FC } from "hono/jsx";
import type { FeedEntry } from "../event-feed.js";
import { EventList } from "./components.js";

/** Every recent audit event of the playground, newest first, updated live. */
export const Events: FC<{ entries: readonly FeedEntry[] }> = ({ entries }) => (
  <section>
    <p>
      The manager's audit stream (<code>subscribe</code>), pushed to this page with Server-Sent
      Events. Events carry handles, owners and times: never a token, a password or data.
    </p>
    <EventList entries={entries} live />
  </section>
);
