/** Starting and stopping the playground's HTTP server. */

import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { openDriver } from "../drivers/registry.js";
import { playgroundCipher, previewCipher } from "../encryption.js";
import { createPlaygroundManager } from "../manager.js";
import { createApp } from "./app.js";
import { EventFeed } from "./event-feed.js";
import type { ServerOptions } from "./options.js";
import type { PlaygroundState } from "./state.js";

/** A running playground. */
export interface RunningPlayground {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The shared state (tests read the manager and driver). */
  readonly state: PlaygroundState;
  /** Ends open event streams and connections, stops listening and closes the store. */
  close(): Promise<void>;
}

/** Opens the store, builds the app and listens on 127.0.0.1 only (a local demo). */
export async function startPlayground(options: ServerOptions): Promise<RunningPlayground> {
  const driver = await openDriver(options.driver);
  const cipher = options.encryption ? playgroundCipher() : null;
  const manager = createPlaygroundManager({
    driver,
    cipher,
    takeoverAfter: options.takeoverAfter,
    ttl: options.ttl,
    idleTimeout: options.idleTimeout,
  });
  const closing = new AbortController();
  const feed = new EventFeed(manager);
  const state: PlaygroundState = {
    manager,
    driver,
    spec: options.driver,
    cipher,
    preview: previewCipher(),
    feed,
    options,
    closing: closing.signal,
  };
  const app = createApp(state);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const server = serve(
        { fetch: app.fetch, hostname: "127.0.0.1", port: options.port },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      );
      server.once("error", reject);
    },
  ).catch(async (error: NodeJS.ErrnoException) => {
    await manager.close();
    throw error;
  });
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    state,
    close: () => {
      closed ??= (async () => {
        closing.abort();
        feed.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Event streams never end by themselves: drop every connection still open.
          if ("closeAllConnections" in server) server.closeAllConnections();
        });
        await manager.close();
      })();
      return closed;
    },
  };
}
