/** What every route of the web app shares. */

import type { Session, SessionDriver, SessionManager } from "@sessions/core";
import type { Cipher } from "@sessions/crypto";
import type { DriverSpec } from "../drivers/registry.js";
import type { CartData } from "../manager.js";
import type { EventFeed } from "./event-feed.js";
import type { ServerOptions } from "./options.js";

/** The running playground: its manager, the driver under it and how it was started. */
export interface PlaygroundState {
  /** The session manager every route uses. */
  readonly manager: SessionManager<CartData>;
  /** The driver under the manager, read directly by the storage panel. */
  readonly driver: SessionDriver;
  /** The driver spec the playground was started with. */
  readonly spec: DriverSpec;
  /** The cipher sealing records, or `null` with `--encryption off`. */
  readonly cipher: Cipher | null;
  /** A throwaway cipher: shows plaintext records as they would look sealed. */
  readonly preview: Cipher;
  /** The live event log. */
  readonly feed: EventFeed;
  /** The start options. */
  readonly options: ServerOptions;
  /** Aborted when the server shuts down: ends the event streams. */
  readonly closing: AbortSignal;
}

/** Hono environment of the web app: the request's session, loaded once by middleware. */
export interface PlaygroundEnv {
  Variables: {
    /** The session of the request's cookie, or `null`. */
    session: Session<CartData> | null;
    /** True when the request carried a cookie whose session no longer exists. */
    ended: boolean;
  };
}
