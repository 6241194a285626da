import type { ProvidedContext } from "vitest";
import type { TestProject } from "vitest/node";
import { type PostgresServer, startPostgres } from "./postgres-server.js";
import { type RedisServer, startRedis } from "./redis-server.js";

declare module "vitest" {
  /** Values provided by `@sessions/test-services/global-setup`, read with `inject()`. */
  export interface ProvidedContext {
    /** `redis://127.0.0.1:<port>` of the run's redis-server. */
    redisUrl: string;
    /** `postgres://postgres@127.0.0.1:<port>/postgres` of the run's PostgreSQL cluster. */
    postgresUrl: string;
  }
}

/**
 * The URLs that {@link setup} provides to tests (`inject("redisUrl")`, `inject("postgresUrl")`)
 * and exports as `SESSIONS_REDIS_URL` / `SESSIONS_POSTGRES_URL`.
 */
export type ServiceUrls = Pick<ProvidedContext, "redisUrl" | "postgresUrl">;

/**
 * Vitest `globalSetup`: starts one redis-server and one PostgreSQL cluster for the whole run,
 * provides their URLs (`inject("redisUrl")`, `inject("postgresUrl")`), sets
 * `SESSIONS_REDIS_URL` / `SESSIONS_POSTGRES_URL`, and returns the teardown that stops both
 * (vitest calls it also when tests fail; a process-exit safety net covers crashes).
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [redis, pg] = await Promise.allSettled([startRedis(), startPostgres()]);
  const started = [redis, pg].flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failures = [redis, pg].flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  if (failures.length > 0) {
    await Promise.allSettled(started.map((server) => server.stop()));
    throw failures.length === 1
      ? failures[0]
      : new AggregateError(failures, "[test-services] redis-server and postgres failed to start");
  }
  const redisServer = (redis as PromiseFulfilledResult<RedisServer>).value;
  const pgServer = (pg as PromiseFulfilledResult<PostgresServer>).value;
  const urls: ServiceUrls = { redisUrl: redisServer.url, postgresUrl: pgServer.url };
  project.provide("redisUrl", urls.redisUrl);
  project.provide("postgresUrl", urls.postgresUrl);
  const previous = {
    redis: process.env.SESSIONS_REDIS_URL,
    postgres: process.env.SESSIONS_POSTGRES_URL,
  };
  process.env.SESSIONS_REDIS_URL = urls.redisUrl;
  process.env.SESSIONS_POSTGRES_URL = urls.postgresUrl;

  return async function teardown(): Promise<void> {
    restoreEnv("SESSIONS_REDIS_URL", previous.redis);
    restoreEnv("SESSIONS_POSTGRES_URL", previous.postgres);
    const results = await Promise.allSettled([redisServer.stop(), pgServer.stop()]);
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    if (errors.length > 0) throw new AggregateError(errors, "[test-services] teardown failed");
  };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Same function as {@link setup}; vitest uses the default export of a globalSetup file. */
export default setup;
