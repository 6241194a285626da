import { createCipher, generateKey } from "@sessions/crypto";
import { runAtRestCheck, runConformance } from "@sessions/test-suite";
import { afterAll, beforeAll } from "vitest";
import { redisDriver } from "../src/index.js";
import { connectClient, keysWithPrefix } from "./helpers.js";

let client: Awaited<ReturnType<typeof connectClient>>;
const prefixes = new WeakMap<object, string>();
beforeAll(async () => {
  client = await connectClient();
});
afterAll(() => client.close());

const create = ({ namespace }: { namespace: string }) => {
  const prefix = `sessions:${namespace}:`;
  const driver = redisDriver({ client, prefix });
  prefixes.set(driver, prefix);
  return driver;
};
const destroy = async (driver: object) => {
  const keys = await keysWithPrefix(client, prefixes.get(driver)!);
  if (keys.length > 0) await client.unlink(keys);
};
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });

runConformance({ name: "redis", create, destroy });
// Every manager check again with owners and payloads encrypted (@sessions/crypto).
runConformance({ name: "redis+cipher", create, destroy, levels: ["manager"], manager: { cipher } });
runAtRestCheck({
  name: "redis",
  create,
  destroy,
  cipher,
  // Every key under the prefix and what it holds: session strings and owner-index members.
  async dump(driver) {
    const parts: string[] = [];
    for (const key of await keysWithPrefix(client, prefixes.get(driver)!)) {
      const type = await client.type(key);
      const value =
        type === "zset" ? await client.zRange(key, 0, -1) : [String(await client.get(key))];
      parts.push(key, ...value);
    }
    return parts;
  },
});
