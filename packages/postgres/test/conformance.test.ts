import { runConformance } from "@sessions/test-suite";
import { afterAll } from "vitest";
import { postgresDriver } from "../src/index.js";
import { connect } from "./helpers.js";

// One shared connection, one table per namespace; `destroy` drops it through the shared client
// (the suite has already closed the driver, which never ends an injected client).
const sql = connect();
const tables = new WeakMap<object, string>();
afterAll(() => sql.end({ timeout: 5 }));

runConformance({
  name: "postgres",
  create: ({ namespace }) => {
    const driver = postgresDriver({ sql, table: `t_${namespace}` });
    tables.set(driver, driver.table);
    return driver;
  },
  destroy: async (driver) => {
    await sql.unsafe(`DROP TABLE IF EXISTS ${tables.get(driver)}`);
  },
});
