/** The frame of every page: header with the driver in use, navigation, notices. */

import type { Child, FC } from "hono/jsx";

/** What the header shows about the running playground. */
export interface Frame {
  /** Driver spec as text (`sqlite:/…/data/sessions.db`). */
  readonly driver: string;
  /** Owners and data sealed at rest. */
  readonly encryption: boolean;
  /** The takeover window in one-session-per-owner mode, or `null`. */
  readonly takeoverAfter: string | number | null;
  /** The signed-in owner, or `null`. */
  readonly owner: string | null;
  /** A message after a successful action. */
  readonly notice?: string | null;
  /** A message after a refused action. */
  readonly error?: string | null;
}

const NAV: readonly (readonly [string, string])[] = [
  ["/", "Cart"],
  ["/sessions", "My sessions"],
  ["/security", "Lock & regenerate"],
  ["/storage", "Storage"],
  ["/events", "Event log"],
];

/** Wraps a page's content. */
export const Layout: FC<{ title: string; frame: Frame; children?: Child }> = ({
  title,
  frame,
  children,
}) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title} · sessions playground</title>
      <link rel="stylesheet" href="/assets/style.css" />
      <script src="/assets/client.js" defer />
    </head>
    <body>
      <header>
        <strong>sessions playground</strong>
        <span class="badge" data-testid="driver">
          driver: {frame.driver}
        </span>
        <span class="badge">encryption {frame.encryption ? "on" : "off"}</span>
        {frame.takeoverAfter ? (
          <span class="badge">
            one session per owner, takeover after {frame.takeoverAfter}
            {typeof frame.takeoverAfter === "number" ? " ms" : ""}
          </span>
        ) : null}
        {frame.owner !== null ? (
          <span class="who">
            signed in as <b data-testid="owner">{frame.owner}</b>
            <form method="post" action="/logout" class="inline">
              <button type="submit">Sign out</button>
            </form>
          </span>
        ) : null}
      </header>
      {frame.owner !== null ? (
        <nav>
          {NAV.map(([href, label]) => (
            <a href={href}>{label}</a>
          ))}
        </nav>
      ) : null}
      <main>
        <h1>{title}</h1>
        {frame.notice ? (
          <p class="notice" role="status">
            {frame.notice}
          </p>
        ) : null}
        {frame.error ? (
          <p class="error" role="alert" data-testid="error">
            {frame.error}
          </p>
        ) : null}
        {children}
      </main>
    </body>
  </html>
);
