/**
 * The audit stream. Events carry handles (token digests), owners and times: never a token,
 * a password, key material or session data.
 */

interface EventBase {
  /** Epoch ms, from the manager's clock. */
  readonly at: number;
  /** The manager's app namespace. */
  readonly app: string;
}

/** Why a session was destroyed. */
export type DestroyReason = "destroyed" | "revoked" | "owner" | "evicted";

/** Every event the manager emits. */
export type SessionEvent =
  | (EventBase & {
      readonly type: "created";
      readonly handle: string;
      readonly owner: string | null;
    })
  | (EventBase & { readonly type: "renewed"; readonly handle: string; readonly expiresAt: number })
  | (EventBase & {
      readonly type: "regenerated";
      readonly handle: string;
      readonly previousHandle: string;
    })
  | (EventBase & { readonly type: "locked"; readonly handle: string })
  | (EventBase & {
      readonly type: "unlocked";
      readonly handle: string;
      readonly previousHandle: string;
    })
  | (EventBase & {
      readonly type: "unlock-failed";
      readonly handle: string;
      readonly failures: number;
    })
  | (EventBase & {
      readonly type: "destroyed";
      readonly handle: string;
      readonly reason: DestroyReason;
    })
  | (EventBase & { readonly type: "expired"; readonly handle: string })
  | (EventBase & {
      readonly type: "takeover";
      readonly handle: string;
      readonly previousHandle: string;
      readonly owner: string;
    })
  | (EventBase & { readonly type: "conflict"; readonly handle: string; readonly operation: string })
  | (EventBase & { readonly type: "cleanup"; readonly removed: number })
  | (EventBase & {
      readonly type: "error";
      readonly operation: string;
      readonly error: { readonly name: string; readonly code: string; readonly message: string };
    });

/** The type names of {@link SessionEvent}. */
export type SessionEventType = SessionEvent["type"];

/** Receives events; an exception thrown here is swallowed so it never breaks a call. */
export type SessionEventListener = (event: SessionEvent) => void;

/** Something events can be subscribed to (a session manager). */
export interface EventSource {
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: SessionEventListener): () => void;
}

/** Fan-out of events to listeners, isolating the caller from listener failures. */
export class EventHub implements EventSource {
  readonly #listeners = new Set<SessionEventListener>();

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: SessionEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** True when someone listens: lets hot paths skip building events. */
  get active(): boolean {
    return this.#listeners.size > 0;
  }

  /** Delivers an event to every listener. */
  emit(event: SessionEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken audit listener must not fail the session call that emitted the event.
      }
    }
  }
}

const ERROR_TYPES = new Set<SessionEventType>(["error", "unlock-failed", "conflict"]);
const DEBUG_TYPES = new Set<SessionEventType>(["renewed", "expired", "cleanup"]);

/** The last events of a manager, split like the Python `logs` view. */
export interface EventLog {
  /** Failures: `error`, `unlock-failed`, `conflict`. */
  readonly errors: readonly SessionEvent[];
  /** Completed actions: created, regenerated, locked, unlocked, destroyed, takeover. */
  readonly successful: readonly SessionEvent[];
  /** Housekeeping: renewed, expired, cleanup. */
  readonly debug: readonly SessionEvent[];
  /** Stops recording. */
  stop(): void;
}

/** Keeps the last `limit` events of each kind (default 100) of a manager. */
export function createEventLog(source: EventSource, options: { limit?: number } = {}): EventLog {
  const limit = options.limit ?? 100;
  const errors: SessionEvent[] = [];
  const successful: SessionEvent[] = [];
  const debug: SessionEvent[] = [];
  const stop = source.subscribe((event) => {
    const bucket = ERROR_TYPES.has(event.type)
      ? errors
      : DEBUG_TYPES.has(event.type)
        ? debug
        : successful;
    bucket.push(event);
    if (bucket.length > limit) bucket.shift();
  });
  return { errors, successful, debug, stop };
}
