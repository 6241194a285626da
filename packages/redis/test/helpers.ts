import { randomBytes } from "node:crypto";
import type { StoredSession } from "@sessions/core";
import type {} from "@sessions/test-services/global-setup";
import { createClient } from "redis";
import { inject } from "vitest";

/** URL of the run's shared redis-server (started by the global setup). */
export const redisUrl = (): string => inject("redisUrl");

/** A connected node-redis client on the shared server (per-command timeout off). */
export async function connectClient(url = redisUrl()) {
  const client = createClient({ url, commandOptions: { timeout: 0 } });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** Every key starting with `prefix`, found with SCAN. */
export async function keysWithPrefix(
  client: Awaited<ReturnType<typeof connectClient>>,
  prefix: string,
): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    keys.push(...batch);
  }
  return keys.sort();
}

/** A prefix no other test uses: `<base>:t_<8 hex>:`. */
export const freshPrefix = (base = "sessions"): string =>
  `${base}:t_${randomBytes(4).toString("hex")}:`;

/** A record under `key` for `owner`, expiring at `expiresAt`, whose payload names its key. */
export const rec = (
  key: string,
  owner: string | null,
  expiresAt: number,
  version = 1,
): StoredSession => ({
  key,
  owner,
  payload: `{"k":"${key}"}`,
  createdAt: Date.now(),
  expiresAt,
  version,
});
