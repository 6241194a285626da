/** "My sessions": every live session of the owner, each revocable. */

import type { SessionInfo } from "@sessions/core";
import type { FC } from "hono/jsx";
import { Countdown, PostButton } from "./components.js";
import { formatAgo, formatTime } from "./format.js";

/** The owner's sessions, newest first, with the current one marked. */
export const Sessions: FC<{ sessions: readonly SessionInfo[]; current: string }> = ({
  sessions,
  current,
}) => {
  const now = Date.now();
  return (
    <section>
      <table data-testid="sessions">
        <thead>
          <tr>
            <th>Device</th>
            <th>Created</th>
            <th>Last seen</th>
            <th>Expires in</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.map((info) => (
            <tr class={info.handle === current ? "current" : undefined}>
              <td>{deviceOf(info)}</td>
              <td title={formatTime(info.createdAt)}>{formatAgo(info.createdAt, now)}</td>
              <td title={formatTime(info.lastSeenAt)}>{formatAgo(info.lastSeenAt, now)}</td>
              <td>
                <Countdown expiresAt={info.expiresAt} now={now} />
              </td>
              <td>{info.status}</td>
              <td>
                {info.handle === current ? (
                  <em>this browser</em>
                ) : (
                  <PostButton
                    action="/sessions/revoke"
                    label="Revoke"
                    fields={{ handle: info.handle }}
                    danger
                    testId="revoke"
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <PostButton
          action="/sessions/logout-others"
          label="Log out everywhere else"
          danger
          testId="logout-others"
        />
      </p>
    </section>
  );
};

function deviceOf(info: SessionInfo): string {
  const device = info.meta?.device;
  return typeof device === "string" ? device : "unknown device";
}
