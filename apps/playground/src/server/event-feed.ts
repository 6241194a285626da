/**
 * The live event log: the manager's audit stream, kept as the last events for the page and
 * fanned out to the open Server-Sent-Events connections.
 */

import type { EventSource, SessionEvent } from "@sessions/core";

/** One audit event as the page shows it: no token, no data; handles shortened. */
export interface FeedEntry {
  /** Epoch ms. */
  readonly at: number;
  /** Event type (`created`, `takeover`...). */
  readonly type: string;
  /** First characters of the session's handle (a public digest, never the token). */
  readonly handle: string | null;
  /** Short detail: owner, reason, failures, removed count, error code. */
  readonly detail: string;
}

/** Shortens a handle for display: enough to tell sessions apart. */
export function shortHandle(handle: string): string {
  return handle.slice(0, 8);
}

/** The display form of an event. */
export function toFeedEntry(event: SessionEvent): FeedEntry {
  const handle = "handle" in event ? shortHandle(event.handle) : null;
  return { at: event.at, type: event.type, handle, detail: detailOf(event) };
}

function detailOf(event: SessionEvent): string {
  switch (event.type) {
    case "created":
      return event.owner === null ? "" : `owner ${event.owner}`;
    case "takeover":
      return `owner ${event.owner}, replaced ${shortHandle(event.previousHandle)}`;
    case "regenerated":
    case "unlocked":
      return `was ${shortHandle(event.previousHandle)}`;
    case "destroyed":
      return event.reason;
    case "unlock-failed":
      return `${event.failures} failed`;
    case "renewed":
      return `until ${new Date(event.expiresAt).toISOString()}`;
    case "conflict":
      return event.operation;
    case "cleanup":
      return `${event.removed} removed`;
    case "error":
      return `${event.operation}: ${event.error.code}`;
    default:
      return "";
  }
}

/** Keeps the last `limit` entries of a manager's events and notifies live listeners. */
export class EventFeed {
  readonly #entries: FeedEntry[] = [];
  readonly #listeners = new Set<(entry: FeedEntry) => void>();
  readonly #limit: number;
  readonly #stop: () => void;

  /** Starts recording `source`'s events. */
  constructor(source: EventSource, limit = 100) {
    this.#limit = limit;
    this.#stop = source.subscribe((event) => this.#push(toFeedEntry(event)));
  }

  /** The recorded entries, newest first. */
  recent(count = this.#limit): FeedEntry[] {
    return this.#entries.slice(-count).reverse();
  }

  /** Calls `listener` for every new entry; returns the function that stops it. */
  listen(listener: (entry: FeedEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops recording. */
  stop(): void {
    this.#stop();
    this.#listeners.clear();
  }

  #push(entry: FeedEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.shift();
    for (const listener of this.#listeners) listener(entry);
  }
}
