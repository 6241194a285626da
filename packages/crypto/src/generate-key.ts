import { randomBytes } from "node:crypto";

/**
 * A new master key: 32 bytes from the operating system's CSPRNG, as base64url (43
 * characters). Store it in an environment variable or a secret manager, never in code.
 */
export function generateKey(): string {
  return randomBytes(32).toString("base64url");
}
