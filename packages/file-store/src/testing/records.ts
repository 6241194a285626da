import type { StoredSession } from "@sessions/core";

const HOUR = 3_600_000;

/** A record of `key` created at `now`, live for an hour, holding about `kib` KiB of payload. */
export function paddedRecord(key: string, now: number, kib = 1): StoredSession {
  const payload = JSON.stringify({ pad: "p".repeat(kib * 1024 - 10) });
  return { key, owner: null, createdAt: now, expiresAt: now + HOUR, version: 1, payload };
}
