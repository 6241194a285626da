export { findPostgresBinDir, findRedisServer, INSTALL_COMMAND } from "./binaries.js";
export { findFreePort } from "./free-port.js";
export type { ServiceUrls } from "./global-setup.js";
export {
  type PostgresServer,
  type PostgresServerOptions,
  startPostgres,
} from "./postgres-server.js";
export { isPidAlive } from "./process.js";
export { type RedisServer, type RedisServerOptions, startRedis } from "./redis-server.js";
