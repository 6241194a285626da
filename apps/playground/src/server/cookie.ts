/**
 * The session cookie. It carries only the session token: HttpOnly (no script reads it),
 * SameSite=Lax (not sent on cross-site POSTs), Secure when the page is served over https, and
 * expiring with the session's absolute deadline. It is not signed: the token is 256 random
 * bits and the store keeps only its digest, so a signature would add nothing a guess could beat.
 */

import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** Name of the session cookie. */
export const COOKIE_NAME = "sid";

/** The token from the request's cookie, or `null`. */
export function readToken(c: Context): string | null {
  return getCookie(c, COOKIE_NAME) ?? null;
}

/** Sets the cookie to a (new) session token. */
export function writeToken(
  c: Context,
  session: { readonly id: string; readonly absoluteExpiresAt: number },
): void {
  setCookie(c, COOKIE_NAME, session.id, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    expires: new Date(session.absoluteExpiresAt),
  });
}

/** Removes the cookie. */
export function clearToken(c: Context): void {
  deleteCookie(c, COOKIE_NAME, { path: "/", secure: isHttps(c), httpOnly: true, sameSite: "Lax" });
}

/** True when the request came over https (the playground itself serves plain http on 127.0.0.1). */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:";
}
