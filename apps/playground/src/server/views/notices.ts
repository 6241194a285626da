/**
 * Messages shown after a redirect, chosen by a fixed code in the query string (`?m=added`), so
 * nothing from the URL is ever echoed into the page.
 */

const NOTICES: Readonly<Record<string, string>> = {
  "signed-in": "Signed in: a new session was created and its token set in an HttpOnly cookie.",
  "signed-out": "Signed out: the session was destroyed.",
  added: "Added to the cart (stored in the session's data).",
  removed: "Removed from the cart.",
  revoked: "That session was revoked.",
  "logged-out-others": "Every other session of yours was logged out.",
  locked: "Locked.",
  unlocked: "Unlocked: the session continues under a new token.",
  regenerated: "Regenerated: same data, new token; the old token no longer works.",
};

/** The message of a notice code, or `null` for an unknown one. */
export function noticeFor(code: string | undefined): string | null {
  return code !== undefined && Object.hasOwn(NOTICES, code) ? NOTICES[code]! : null;
}
