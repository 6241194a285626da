/** The live event log: the page and its Server-Sent-Events stream. */

import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { requireActive, requireSession } from "../middleware.js";
import { renderPage } from "../page.js";
import type { PlaygroundEnv, PlaygroundState } from "../state.js";
import { Events } from "../views/events.js";

/** How often an idle stream sends a ping, so proxies and browsers keep it open. */
const PING_MS = 15_000;

/** `GET /events` and `GET /events/stream`. */
export function eventRoutes(state: PlaygroundState): Hono<PlaygroundEnv> {
  return new Hono<PlaygroundEnv>()
    .get("/events", requireActive(state), (c) =>
      renderPage(c, state, "Event log", <Events entries={state.feed.recent()} />),
    )
    .get("/events/stream", requireSession, (c) =>
      streamSSE(c, async (stream) => {
        const stop = state.feed.listen((entry) => {
          void stream.writeSSE({ event: "session", data: JSON.stringify(entry) });
        });
        const ping = setInterval(() => void stream.writeSSE({ event: "ping", data: "" }), PING_MS);
        // The stream stays open until the browser leaves or the server shuts down.
        await new Promise<void>((resolve) => {
          stream.onAbort(resolve);
          if (state.closing.aborted) resolve();
          state.closing.addEventListener("abort", () => resolve(), { once: true });
        });
        clearInterval(ping);
        stop();
      }),
    );
}
