import { randomBytes } from "node:crypto";

/** Owner keys: one owner per 4 sessions (`user0` has sessions 0..3), built before timing. */
export function ownersFor(sessions: number): string[] {
  const owners: string[] = new Array(sessions);
  for (let i = 0; i < sessions; i++) owners[i] = `user${i >> 2}`;
  return owners;
}

/** A fresh 256-bit session id (base64url), as raw-client subjects draw one per create. */
export const newId = (): string => randomBytes(32).toString("base64url");
