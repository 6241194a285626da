/** The first page: sign in as a name. */

import type { FC } from "hono/jsx";

/** The sign-in form; `name` refills the field after a refusal (OwnerBusy). */
export const SignIn: FC<{ name?: string; ended: boolean }> = ({ name, ended }) => (
  <section>
    {ended ? (
      <p class="notice" data-testid="ended">
        Your previous session has ended (signed out, revoked, taken over or expired).
      </p>
    ) : null}
    <p>
      Signing in creates a server-side session owned by that name. The browser only gets a cookie
      holding the session token; everything else stays in the store.
    </p>
    <form method="post" action="/login" class="stack">
      <label>
        Name <input name="name" required maxlength={64} value={name ?? ""} autofocus />
      </label>
      <label>
        Device label (optional) <input name="device" maxlength={40} placeholder="laptop, phone…" />
      </label>
      <button type="submit">Sign in</button>
    </form>
  </section>
);
