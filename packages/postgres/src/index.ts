export type { PostgresSqlLike, ResultLike } from "./client.js";
export {
  type PostgresDriver,
  type PostgresDriverOptions,
  postgresDriver,
} from "./postgres-driver.js";
