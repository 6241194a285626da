/**
 * Opens a session driver from a plain, serialisable spec. One module for the test files and
 * for the worker processes (plain `node`, no TypeScript loader), so a worker opens exactly
 * the namespace the test created. Packages are imported lazily: a driver whose package is
 * not built yet only fails when it is asked for.
 */

/**
 * @param {import("./open-driver.mjs").DriverSpec} spec
 * @returns {Promise<import("@sessions/core").SessionDriver>}
 */
export async function openDriver(spec) {
  switch (spec.kind) {
    case "memory": {
      const { memoryDriver } = await import("@sessions/core");
      return memoryDriver();
    }
    case "sqlite": {
      const { sqliteDriver } = await import("@sessions/sqlite");
      return sqliteDriver({ database: spec.path, table: spec.table });
    }
    case "postgres": {
      const { postgresDriver } = await import("@sessions/postgres");
      return postgresDriver({ url: spec.url, table: spec.table });
    }
    case "redis": {
      const { redisDriver } = await import("@sessions/redis");
      return redisDriver({ url: spec.url, prefix: spec.prefix });
    }
    case "mongo": {
      const { mongoDriver } = await import("@sessions/mongo");
      return mongoDriver({
        url: spec.url,
        dbName: spec.dbName,
        collectionName: spec.collectionName,
      });
    }
    case "json": {
      const { jsonDriver } = await import("@sessions/json");
      return jsonDriver({ path: spec.path });
    }
    case "csv": {
      const { csvDriver } = await import("@sessions/csv");
      return csvDriver({ path: spec.path });
    }
    default:
      throw new TypeError(`unknown driver kind ${JSON.stringify(spec.kind)}`);
  }
}
