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
