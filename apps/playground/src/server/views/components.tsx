/** Small pieces several pages use. */

import type { FC } from "hono/jsx";
import type { FeedEntry } from "../event-feed.js";
import { formatDuration, formatTime } from "./format.js";

/** A live "expires in" countdown; the client script updates it every second. */
export const Countdown: FC<{ expiresAt: number; now?: number }> = ({ expiresAt, now }) => (
  <span class="countdown" data-expires-at={String(expiresAt)} title={formatTime(expiresAt)}>
    {formatDuration(expiresAt - (now ?? Date.now()))}
  </span>
);

/** A form with one button that POSTs to `action` (every state change is a POST). */
export const PostButton: FC<{
  action: string;
  label: string;
  fields?: Record<string, string>;
  danger?: boolean;
  testId?: string;
}> = ({ action, label, fields, danger, testId }) => (
  <form method="post" action={action} class="inline">
    {Object.entries(fields ?? {}).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    <button type="submit" class={danger ? "danger" : undefined} data-testid={testId}>
      {label}
    </button>
  </form>
);

/** The audit stream as a list; `id="event-log"` makes the client script append live events. */
export const EventList: FC<{ entries: readonly FeedEntry[]; live?: boolean }> = ({
  entries,
  live,
}) => (
  <ol class="events" id={live ? "event-log" : undefined} data-testid="event-log">
    {entries.map((entry) => (
      <li>
        <time>{formatTime(entry.at).slice(11, 19)}</time>{" "}
        <b class={`ev-${entry.type}`}>{entry.type}</b>{" "}
        {entry.handle ? <code>{entry.handle}</code> : null} {entry.detail}
      </li>
    ))}
  </ol>
);
