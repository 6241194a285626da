export type { RedisClientLike } from "./client.js";
export { DEFAULT_PREFIX } from "./keys.js";
export { type RedisDriverOptions, redisDriver } from "./redis-driver.js";
