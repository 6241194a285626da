/** The one session manager setup shared by the web app and the command line. */

import {
  createSessionManager,
  type Duration,
  type SessionCipher,
  type SessionDriver,
  type SessionEventListener,
  type SessionManager,
} from "@sessions/core";

/** What the playground keeps in a session: the shopping cart. */
export interface CartData {
  /** Item names, in the order they were added. */
  readonly cart: string[];
}

/** How the playground's manager is set up. */
export interface ManagerSettings {
  /** The opened driver; the manager closes it. */
  readonly driver: SessionDriver;
  /** Seals owners and payloads (`playgroundCipher()`); `null` stores them in the clear. */
  readonly cipher: SessionCipher | null;
  /** One session per owner: a second sign-in is refused until the window has passed. */
  readonly takeoverAfter?: Duration | null;
  /** App namespace. Default {@link appName} of the encryption mode. */
  readonly app?: string | undefined;
  /** Absolute lifetime. Default `"2h"`. */
  readonly ttl?: Duration;
  /** Idle window. Default `"30m"`. */
  readonly idleTimeout?: Duration;
  /** Audit stream listener. */
  readonly onEvent?: SessionEventListener;
}

/**
 * The app namespace for an encryption mode. Sealed and plain records live under different apps
 * so switching `--encryption` never makes a manager read the other mode's records (they would
 * fail closed as corrupt).
 */
export function appName(encryption: boolean): string {
  return encryption ? "playground" : "playground-plain";
}

/** Creates the playground's session manager. */
export function createPlaygroundManager(settings: ManagerSettings): SessionManager<CartData> {
  return createSessionManager<CartData>({
    driver: settings.driver,
    app: settings.app ?? appName(settings.cipher !== null),
    ttl: settings.ttl ?? "2h",
    idleTimeout: settings.idleTimeout ?? "30m",
    uniquePerOwner:
      settings.takeoverAfter == null ? false : { takeoverAfter: settings.takeoverAfter },
    cleanup: { probability: 0.01 },
    ...(settings.cipher ? { cipher: settings.cipher } : {}),
    ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
  });
}
