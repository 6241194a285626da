import { runConformance } from "@sessions/test-suite";
import { afterAll, beforeAll } from "vitest";
import { redisDriver } from "../src/index.js";
import { connectClient, keysWithPrefix } from "./helpers.js";

let client: Awaited<ReturnType<typeof connectClient>>;
const prefixes = new WeakMap<object, string>();
beforeAll(async () => {
  client = await connectClient();
});
afterAll(() => client.close());

runConformance({
  name: "redis",
  create: ({ namespace }) => {
    const prefix = `sessions:${namespace}:`;
    const driver = redisDriver({ client, prefix });
    prefixes.set(driver, prefix);
    return driver;
  },
  destroy: async (driver) => {
    const keys = await keysWithPrefix(client, prefixes.get(driver)!);
    if (keys.length > 0) await client.unlink(keys);
  },
});
