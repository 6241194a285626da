/** Reading submitted form fields. */

import type { Context } from "hono";

/**
 * One text field of a submitted form, trimmed, or `null` when it is missing, empty, longer than
 * `max` characters or holds control characters (names and items are shown in pages and logs).
 */
export async function formField(c: Context, name: string, max: number): Promise<string | null> {
  const body = await c.req.parseBody();
  const value = body[name];
  if (typeof value !== "string") return null;
  const text = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (text.length === 0 || text.length > max || /[\u0000-\u001f\u007f]/.test(text)) return null;
  return text;
}

/** A password field as typed (not trimmed), or `null` when missing, empty or over 1024 bytes. */
export async function passwordField(c: Context): Promise<string | null> {
  const value = (await c.req.parseBody()).password;
  if (typeof value !== "string" || value.length === 0) return null;
  return Buffer.byteLength(value) > 1024 ? null : value;
}
