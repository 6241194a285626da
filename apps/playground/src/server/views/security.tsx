/** Lock with a password, unlock, regenerate. */

import type { FC } from "hono/jsx";
import { PostButton } from "./components.js";

/** A one-field password form posting to `action` (lock and unlock share the field's limits). */
const PasswordForm: FC<{ action: string; autocomplete: string; label: string }> = ({
  action,
  autocomplete,
  label,
}) => (
  <form method="post" action={action} class="row">
    <input
      type="password"
      name="password"
      required
      maxlength={1024}
      aria-label="Password"
      autocomplete={autocomplete}
    />
    <button type="submit">{label}</button>
  </form>
);

/** Lock and regenerate forms for an unlocked session. */
export const Security: FC<{ handle: string }> = ({ handle }) => (
  <section>
    <p>
      Current handle <code data-testid="handle">{handle.slice(0, 8)}</code>. Regenerating or
      unlocking issues a new token (and so a new handle); the old one stops working at once.
    </p>
    <h2>Lock</h2>
    <p>A locked session keeps its data but hides it and refuses writes until unlocked.</p>
    <PasswordForm action="/lock" autocomplete="new-password" label="Lock this session" />
    <h2>Regenerate</h2>
    <PostButton action="/regenerate" label="Regenerate the token" />
  </section>
);

/** What a locked session sees on every page: the unlock form. */
export const Locked: FC = () => (
  <section>
    <p data-testid="locked">This session is locked. Its data stays hidden until you unlock it.</p>
    <PasswordForm action="/unlock" autocomplete="current-password" label="Unlock" />
  </section>
);
