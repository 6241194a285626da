/** Lock with a password, unlock, regenerate. */

import type { FC } from "hono/jsx";
import { PostButton } from "./components.js";

/** Lock and regenerate forms for an unlocked session. */
export const Security: FC<{ handle: string }> = ({ handle }) => (
  <section>
    <p>
      Current handle <code data-testid="handle">{handle.slice(0, 8)}</code>. Regenerating or
      unlocking issues a new token (and so a new handle); the old one stops working at once.
    </p>
    <h2>Lock</h2>
    <p>A locked session keeps its data but hides it and refuses writes until unlocked.</p>
    <form method="post" action="/lock" class="row">
      <input
        type="password"
        name="password"
        required
        maxlength={1024}
        aria-label="Password"
        autocomplete="new-password"
      />
      <button type="submit">Lock this session</button>
    </form>
    <h2>Regenerate</h2>
    <PostButton action="/regenerate" label="Regenerate the token" />
  </section>
);

/** What a locked session sees on every page: the unlock form. */
export const Locked: FC = () => (
  <section>
    <p data-testid="locked">This session is locked. Its data stays hidden until you unlock it.</p>
    <form method="post" action="/unlock" class="row">
      <input
        type="password"
        name="password"
        required
        maxlength={1024}
        aria-label="Password"
        autocomplete="current-password"
      />
      <button type="submit">Unlock</button>
    </form>
  </section>
);
